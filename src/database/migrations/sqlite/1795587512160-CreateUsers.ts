import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateUsers1795587512160 implements MigrationInterface {
  name = 'CreateUsers1795587512160';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "users" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "email" varchar(254) NOT NULL, "username" varchar(32) NOT NULL, "username_key" varchar(32) NOT NULL, "password_hash" varchar(255) NOT NULL, "bio" text, "image" varchar(2048), "created_at" datetime(3) NOT NULL, "updated_at" datetime(3) NOT NULL)`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_email" ON "users" ("email") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_username_key" ON "users" ("username_key") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "UQ_users_username_key"`);
    await queryRunner.query(`DROP INDEX "UQ_users_email"`);
    await queryRunner.query(`DROP TABLE "users"`);
  }
}
