import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateUsers1795587513412 implements MigrationInterface {
  name = 'CreateUsers1795587513412';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`users\` (\`id\` int NOT NULL AUTO_INCREMENT, \`email\` varchar(254) COLLATE utf8mb4_bin NOT NULL, \`username\` varchar(32) NOT NULL, \`username_key\` varchar(32) COLLATE utf8mb4_bin NOT NULL, \`password_hash\` varchar(255) NOT NULL, \`bio\` text NULL, \`image\` varchar(2048) NULL, \`created_at\` datetime(3) NOT NULL, \`updated_at\` datetime(3) NOT NULL, UNIQUE INDEX \`UQ_users_email\` (\`email\`), UNIQUE INDEX \`UQ_users_username_key\` (\`username_key\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`UQ_users_username_key\` ON \`users\``);
    await queryRunner.query(`DROP INDEX \`UQ_users_email\` ON \`users\``);
    await queryRunner.query(`DROP TABLE \`users\``);
  }
}
