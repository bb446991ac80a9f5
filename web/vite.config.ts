import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * The entry (main.tsx) only starts the first requests and imports the app: this lists the app's
 * chunk in the page's head too, so that it downloads alongside the entry instead of after it ran.
 */
function preloadApp(): Plugin {
  return {
    name: 'waymark-preload-app',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const app = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.name === 'app');
        if (!app) throw new Error('no app chunk to preload');
        return [
          {
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `/${app.fileName}` },
            injectTo: 'head',
          },
        ];
      },
    },
  };
}

// Run from the repository root: npx vite build --config web/vite.config.ts
// The server serves dist/web/ (index.html at / and at every client-side route).
export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  base: '/',
  plugins: [react(), preloadApp()],
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
