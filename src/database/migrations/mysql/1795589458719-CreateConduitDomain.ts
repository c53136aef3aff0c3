import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateConduitDomain1795589458719 implements MigrationInterface {
  name = 'CreateConduitDomain1795589458719';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`articles\` (\`id\` int NOT NULL AUTO_INCREMENT, \`slug\` varchar(120) COLLATE utf8mb4_bin NOT NULL, \`title\` varchar(200) NOT NULL, \`description\` varchar(500) NOT NULL, \`body\` text NOT NULL, \`author_id\` int NOT NULL, \`favorites_count\` int NOT NULL DEFAULT '0', \`created_at\` datetime(3) NOT NULL, \`updated_at\` datetime(3) NOT NULL, UNIQUE INDEX \`UQ_articles_slug\` (\`slug\`), INDEX \`IDX_articles_author_created\` (\`author_id\`, \`created_at\`, \`id\`), INDEX \`IDX_articles_created\` (\`created_at\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await queryRunner.query(
      `CREATE TABLE \`counters\` (\`name\` varchar(40) NOT NULL, \`value\` int NOT NULL DEFAULT '0', PRIMARY KEY (\`name\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await queryRunner.query(
      `CREATE TABLE \`favorites\` (\`user_id\` int NOT NULL, \`article_id\` int NOT NULL, \`article_created_at\` datetime(3) NOT NULL, \`created_at\` datetime(3) NOT NULL, INDEX \`IDX_favorites_article\` (\`article_id\`), INDEX \`IDX_favorites_user_article_created\` (\`user_id\`, \`article_created_at\`, \`article_id\`), PRIMARY KEY (\`user_id\`, \`article_id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await queryRunner.query(
      `CREATE TABLE \`comments\` (\`id\` int NOT NULL AUTO_INCREMENT, \`article_id\` int NOT NULL, \`author_id\` int NOT NULL, \`body\` text NOT NULL, \`created_at\` datetime(3) NOT NULL, \`updated_at\` datetime(3) NOT NULL, INDEX \`IDX_comments_author\` (\`author_id\`), INDEX \`IDX_comments_article_created\` (\`article_id\`, \`created_at\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await queryRunner.query(
      `CREATE TABLE \`follows\` (\`follower_id\` int NOT NULL, \`followee_id\` int NOT NULL, \`created_at\` datetime(3) NOT NULL, INDEX \`IDX_follows_followee\` (\`followee_id\`), PRIMARY KEY (\`follower_id\`, \`followee_id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await queryRunner.query(
      `CREATE TABLE \`tags\` (\`id\` int NOT NULL AUTO_INCREMENT, \`name\` varchar(40) COLLATE utf8mb4_bin NOT NULL, \`articles_count\` int NOT NULL DEFAULT '0', UNIQUE INDEX \`UQ_tags_name\` (\`name\`), INDEX \`IDX_tags_popularity\` (\`articles_count\`, \`name\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await queryRunner.query(
      `CREATE TABLE \`article_tags\` (\`article_id\` int NOT NULL, \`tag_id\` int NOT NULL, \`article_created_at\` datetime(3) NOT NULL, INDEX \`IDX_article_tags_tag_article_created\` (\`tag_id\`, \`article_created_at\`, \`article_id\`), PRIMARY KEY (\`article_id\`, \`tag_id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await queryRunner.query(`ALTER TABLE \`users\` ADD \`articles_count\` int NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE \`users\` ADD \`favorites_count\` int NOT NULL DEFAULT '0'`);
    await queryRunner.query(
      `ALTER TABLE \`articles\` ADD CONSTRAINT \`FK_articles_author\` FOREIGN KEY (\`author_id\`) REFERENCES \`users\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`favorites\` ADD CONSTRAINT \`FK_favorites_user\` FOREIGN KEY (\`user_id\`) REFERENCES \`users\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`favorites\` ADD CONSTRAINT \`FK_favorites_article\` FOREIGN KEY (\`article_id\`) REFERENCES \`articles\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`comments\` ADD CONSTRAINT \`FK_comments_article\` FOREIGN KEY (\`article_id\`) REFERENCES \`articles\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`comments\` ADD CONSTRAINT \`FK_comments_author\` FOREIGN KEY (\`author_id\`) REFERENCES \`users\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`follows\` ADD CONSTRAINT \`FK_follows_follower\` FOREIGN KEY (\`follower_id\`) REFERENCES \`users\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`follows\` ADD CONSTRAINT \`FK_follows_followee\` FOREIGN KEY (\`followee_id\`) REFERENCES \`users\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`article_tags\` ADD CONSTRAINT \`FK_article_tags_article\` FOREIGN KEY (\`article_id\`) REFERENCES \`articles\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`article_tags\` ADD CONSTRAINT \`FK_article_tags_tag\` FOREIGN KEY (\`tag_id\`) REFERENCES \`tags\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`INSERT INTO \`counters\` (\`name\`, \`value\`) VALUES ('articles', 0)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`article_tags\` DROP FOREIGN KEY \`FK_article_tags_tag\``);
    await queryRunner.query(`ALTER TABLE \`article_tags\` DROP FOREIGN KEY \`FK_article_tags_article\``);
    await queryRunner.query(`ALTER TABLE \`follows\` DROP FOREIGN KEY \`FK_follows_followee\``);
    await queryRunner.query(`ALTER TABLE \`follows\` DROP FOREIGN KEY \`FK_follows_follower\``);
    await queryRunner.query(`ALTER TABLE \`comments\` DROP FOREIGN KEY \`FK_comments_author\``);
    await queryRunner.query(`ALTER TABLE \`comments\` DROP FOREIGN KEY \`FK_comments_article\``);
    await queryRunner.query(`ALTER TABLE \`favorites\` DROP FOREIGN KEY \`FK_favorites_article\``);
    await queryRunner.query(`ALTER TABLE \`favorites\` DROP FOREIGN KEY \`FK_favorites_user\``);
    await queryRunner.query(`ALTER TABLE \`articles\` DROP FOREIGN KEY \`FK_articles_author\``);
    await queryRunner.query(`ALTER TABLE \`users\` DROP COLUMN \`favorites_count\``);
    await queryRunner.query(`ALTER TABLE \`users\` DROP COLUMN \`articles_count\``);
    await queryRunner.query(`DROP INDEX \`IDX_article_tags_tag_article_created\` ON \`article_tags\``);
    await queryRunner.query(`DROP TABLE \`article_tags\``);
    await queryRunner.query(`DROP INDEX \`IDX_tags_popularity\` ON \`tags\``);
    await queryRunner.query(`DROP INDEX \`UQ_tags_name\` ON \`tags\``);
    await queryRunner.query(`DROP TABLE \`tags\``);
    await queryRunner.query(`DROP INDEX \`IDX_follows_followee\` ON \`follows\``);
    await queryRunner.query(`DROP TABLE \`follows\``);
    await queryRunner.query(`DROP INDEX \`IDX_comments_article_created\` ON \`comments\``);
    await queryRunner.query(`DROP INDEX \`IDX_comments_author\` ON \`comments\``);
    await queryRunner.query(`DROP TABLE \`comments\``);
    await queryRunner.query(`DROP INDEX \`IDX_favorites_user_article_created\` ON \`favorites\``);
    await queryRunner.query(`DROP INDEX \`IDX_favorites_article\` ON \`favorites\``);
    await queryRunner.query(`DROP TABLE \`favorites\``);
    await queryRunner.query(`DROP TABLE \`counters\``);
    await queryRunner.query(`DROP INDEX \`IDX_articles_created\` ON \`articles\``);
    await queryRunner.query(`DROP INDEX \`IDX_articles_author_created\` ON \`articles\``);
    await queryRunner.query(`DROP INDEX \`UQ_articles_slug\` ON \`articles\``);
    await queryRunner.query(`DROP TABLE \`articles\``);
  }
}
