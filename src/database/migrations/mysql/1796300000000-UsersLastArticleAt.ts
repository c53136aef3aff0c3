import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When each user wrote their newest article, kept beside `articles_count` by the writes that move it:
 * the feed reads it with that counter, one row per followed author, and so finds the authors of the
 * newest articles without reading their articles. Filled from the articles here. The previous release
 * does not keep it: once no host runs that release any more (after the last host's reload, or after a
 * `pm2 deploy … revert` and a redeploy), run this UPDATE again, since the feed notices a missing value
 * (and sorts instead) but not an outdated one (README, "Migration policy").
 */
export class UsersLastArticleAt1796300000000 implements MigrationInterface {
  name = 'UsersLastArticleAt1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`users\` ADD \`last_article_at\` datetime(3) NULL`);
    await queryRunner.query(
      `UPDATE \`users\` SET \`last_article_at\` = (SELECT MAX(\`a\`.\`created_at\`) FROM \`articles\` \`a\` WHERE \`a\`.\`author_id\` = \`users\`.\`id\`)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`users\` DROP COLUMN \`last_article_at\``);
  }
}
