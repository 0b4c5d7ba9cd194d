import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built into apps/web/dist, which the API serves under `/` (apps/api/src/web/web-app.ts); in
// development (`vite --config apps/web/vite.config.ts`) the API is proxied from API_URL.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: { '/api': process.env.API_URL ?? 'http://127.0.0.1:3000' },
  },
});
