import { MigrationInterface, QueryRunner } from 'typeorm';

/** As the MySQL migration of the same name: the most used tags first, read from the index in order. */
export class TagsPopularityDescending1796220000000 implements MigrationInterface {
  name = 'TagsPopularityDescending1796220000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_tags_popularity"`);
    await queryRunner.query(`CREATE INDEX "IDX_tags_popularity" ON "tags" ("articles_count" DESC, "name" ASC)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_tags_popularity"`);
    await queryRunner.query(`CREATE INDEX "IDX_tags_popularity" ON "tags" ("articles_count", "name")`);
  }
}
