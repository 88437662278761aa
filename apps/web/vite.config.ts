import { paraglideVitePlugin } from '@inlang/paraglide-js';
import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type PluginOption } from 'vite';

// The Paraglide plugin keeps a watcher that holds vitest's teardown for ~10 s; tests compile messages with the CLI instead.
const i18n: PluginOption[] = process.env.VITEST
  ? []
  : [paraglideVitePlugin({ project: './project.inlang', outdir: './src/lib/paraglide', emitTsDeclarations: true })];

export default defineConfig({
  plugins: [
    ...i18n,
    sveltekit({
      adapter: adapter(),
      // adapter-node 6 fixes the origin at build time (https + Host unless paths.origin is set), so the
      // cross-site form check is done in hooks.server.ts against ORIGIN read when the server starts
      csrf: { trustedOrigins: ['*'] },
      // scripts and styles only from this origin (SvelteKit adds nonces/hashes for its own inline bits)
      csp: {
        mode: 'auto',
        directives: {
          'default-src': ['self'],
          'script-src': ['self'],
          // SvelteKit's route announcer carries a style attribute; inline styles cannot run code
          'style-src': ['self', 'unsafe-inline'],
          'img-src': ['self', 'data:'],
          'font-src': ['self'],
          'connect-src': ['self'],
          'form-action': ['self'],
          'object-src': ['none'],
          'base-uri': ['none'],
          'frame-ancestors': ['none'],
        },
      },
    }),
  ],
});
