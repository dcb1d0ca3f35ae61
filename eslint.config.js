// ESLint flat config: `npm run lint` (zero warnings; CI runs it before the tests).
// typescript-eslint's type-checked rules over the same tsconfig the typecheck uses, and
// eslint-plugin-solid for Solid's reactivity rules (destructured props, effects that
// should be memos, signals read outside a tracking scope) on the browser code.
import js from '@eslint/js'
import solid from 'eslint-plugin-solid/configs/typescript'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: ['dist/', 'node_modules/', 'scratch/', 'test-artifacts/', '.streetlevel/', 'supabase/.temp/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      // Solid calls event handlers and ignores what they return. Our async handlers
      // (form submits, buttons) catch their own errors and show them; the rule still
      // checks promises passed as arguments, e.g. to map.on().
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    // The service worker has its own project (WebWorker lib, no DOM); the root tsconfig
    // excludes it, so lint it with the project `npm run typecheck` checks it with.
    files: ['src/pwa/sw.ts'],
    languageOptions: {
      parserOptions: { projectService: false, project: './src/pwa/tsconfig.json', tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.serviceworker },
    },
  },
  {
    // Plain JavaScript (scripts, this file) is not in the TypeScript project.
    files: ['**/*.{js,mjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['tests/**/*.{ts,tsx}'],
    rules: {
      // Tests read untyped JSON from real HTTP responses, SQL rows and page.evaluate()
      // and check its shape with expect(); typing every such value would add casts that
      // assert nothing the expectations do not already assert. App code keeps these rules.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Validation tests pass ill-typed input on purpose, and fixtures are untyped JSON.
      '@typescript-eslint/no-explicit-any': 'off',
      // Fakes stand in for promise-returning APIs (send, write, queued tasks): `async`
      // is the plain way to write one that resolves or rejects, with nothing to await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}', 'tests/component/**/*.{ts,tsx}'],
    ignores: ['src/server/**', 'src/import/**'],
    ...solid,
    languageOptions: { globals: { ...globals.browser } },
  },
)
