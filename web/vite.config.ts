import { defineConfig } from 'vite';

// The dashboard: static assets in dist/web, which the API server serves at /. Hashed file names under assets/
// let the server cache them forever; index.html is revalidated.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: '../dist/web', emptyOutDir: true, target: 'es2022' },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
