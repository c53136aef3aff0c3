import { MigrationInterface, QueryRunner } from 'typeorm';

/** As the MySQL migration of the same name: each user's newest article's time, filled from the articles. */
export class UsersLastArticleAt1796300000000 implements MigrationInterface {
  name = 'UsersLastArticleAt1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD COLUMN "last_article_at" datetime(3)`);
    await queryRunner.query(
      `UPDATE "users" SET "last_article_at" = (SELECT MAX("a"."created_at") FROM "articles" "a" WHERE "a"."author_id" = "users"."id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "last_article_at"`);
  }
}
