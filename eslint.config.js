// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

/** Import-direction rules (docs/design.md, "Layers"): core ← app ← server/jobs; adapters implement ports; web talks HTTP only. */
const layer = (files, patterns, extra = {}) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns }],
    ...extra,
  },
});
// Relative imports only (../app, ../../app/x …), so package subpaths such as better-auth/adapters/* stay allowed.
const ups = ['../', '../../', '../../../', '../../../../'];
const outer = (names) =>
  names.map((n) => ({
    group: ups.flatMap((u) => [`${u}${n}`, `${u}${n}/*`]),
    message: `this layer may not import src/${n}/`,
  }));

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', 'src/db/migrations/', 'coverage/', 'test-results/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Only src/config.ts reads process.env.' },
      ],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['src/config.ts', 'tests/**', 'bench/**', 'scripts/**', '*.config.*', 'src/web/vite.config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  { files: ['bench/**', 'scripts/**', 'bin/**'], rules: { 'no-console': 'off' } },
  layer(
    ['src/core/**'],
    [
      ...outer(['app', 'server', 'adapters', 'db', 'jobs', 'web', 'ports']),
      {
        group: [
          '**/config',
          '**/main',
          'pg',
          'drizzle-orm',
          'drizzle-orm/*',
          'hono',
          'hono/*',
          'stripe',
          '@signalwire/*',
          '@sentry/*',
          'node:fs',
          'node:fs/*',
          'node:http',
          'node:net',
        ],
        message: 'core is pure: no I/O, no vendor SDK, no configuration',
      },
    ],
    {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'core takes a clock; no Date.now()',
        },
      ],
    },
  ),
  layer(['src/ports/**'], outer(['app', 'server', 'adapters', 'db', 'jobs', 'web'])),
  layer(
    ['src/app/**'],
    [
      ...outer(['server', 'adapters', 'jobs', 'web']),
      { group: ['**/main', 'hono', 'hono/*'], message: 'use-cases never build HTTP responses' },
    ],
  ),
  layer(['src/adapters/**'], outer(['app', 'server', 'jobs', 'web', 'db'])),
  layer(['src/db/**'], outer(['app', 'server', 'adapters', 'jobs', 'web'])),
  layer(['src/jobs/**'], outer(['server', 'web'])),
  layer(['src/server/**'], outer(['web', 'adapters', 'db/migrations'])),
  // Routes and webhooks parse, call one use-case and map its result: no database access of their own (decision 0012).
  // Middleware that needs the database (src/server/middleware/*) and the realtime feed are the named exceptions.
  layer(
    ['src/server/routes/**', 'src/server/webhooks/**'],
    [
      ...outer(['web', 'adapters']),
      {
        group: ups.flatMap((u) => [`${u}db`, `${u}db/*`]),
        message: 'routes call a use-case in src/app, never src/db (docs/decisions/0012-routes-call-use-cases.md)',
      },
    ],
  ),
  // The React hooks rules (the rules of hooks, exhaustive effect dependencies and the compiler-backed checks); warnings fail too.
  { files: ['src/web/**/*.{ts,tsx}'], ...reactHooks.configs.flat.recommended },
  {
    files: ['src/web/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...outer(['app', 'server', 'adapters', 'db', 'jobs', 'ports']),
            {
              group: ['**/config', '**/main', 'pg', 'drizzle-orm', 'hono'],
              message: 'the web app talks to the server over HTTP only',
            },
          ],
        },
      ],
    },
  },
);
