import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `GET /api/tags` orders by `articles_count DESC, name ASC`. With both index columns ascending the
 * database read every tag in use and sorted them (a filesort of 1,000 rows on the large dataset) to
 * answer the first 100; with the count descending it reads the first 100 entries of the index in
 * order and stops. MySQL 8 and MariaDB 10.8+ keep the direction; older servers ignore it (as before).
 */
export class TagsPopularityDescending1796220000000 implements MigrationInterface {
  name = 'TagsPopularityDescending1796220000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE \`tags\` DROP INDEX \`IDX_tags_popularity\`, ADD INDEX \`IDX_tags_popularity\` (\`articles_count\` DESC, \`name\` ASC)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE \`tags\` DROP INDEX \`IDX_tags_popularity\`, ADD INDEX \`IDX_tags_popularity\` (\`articles_count\`, \`name\`)`,
    );
  }
}
