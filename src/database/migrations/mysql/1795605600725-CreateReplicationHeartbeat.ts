import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateReplicationHeartbeat1795605600725 implements MigrationInterface {
  name = 'CreateReplicationHeartbeat1795605600725';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`replication_heartbeat\` (\`id\` int NOT NULL, \`beat\` datetime(6) NOT NULL, PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await queryRunner.query(`INSERT INTO \`replication_heartbeat\` (\`id\`, \`beat\`) VALUES (1, UTC_TIMESTAMP(6))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`replication_heartbeat\``);
  }
}
