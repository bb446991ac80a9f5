import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Run from the repository root: npx vite build --config web/vite.config.ts
// The server serves dist/web/ (index.html at / and at every client-side route).
export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: new URL('../dist/web', import.meta.url).pathname,
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 900,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:18090' },
  },
});
