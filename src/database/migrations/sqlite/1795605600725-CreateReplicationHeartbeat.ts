import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateReplicationHeartbeat1795605600725 implements MigrationInterface {
  name = 'CreateReplicationHeartbeat1795605600725';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "replication_heartbeat" ("id" integer PRIMARY KEY NOT NULL, "beat" datetime(6) NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO "replication_heartbeat" ("id", "beat") VALUES (1, strftime('%Y-%m-%d %H:%M:%f', 'now'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "replication_heartbeat"`);
  }
}
