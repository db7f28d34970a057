// drizzle-kit: `npx drizzle-kit generate` writes SQL migrations to ./drizzle from the schema; they are committed
// and applied by drizzle's migrator on both PGlite and PostgreSQL (src/db/migrate.ts).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './drizzle',
});
