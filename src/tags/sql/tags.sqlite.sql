-- Generated from src/tags/tags.statements.ts by `npm run sql`; do not edit.
-- What each statement sends to SQLite; `:name` is a parameter the driver binds.

-- TagsRepository.popular
SELECT t.name AS name
FROM tags t
WHERE t.articles_count > 0
ORDER BY t.articles_count DESC, t.name ASC
LIMIT :limit;
