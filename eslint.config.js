// `npm run lint`. TypeScript gets typescript-eslint's strict type-checked rules, less those that
// fight NestJS idioms or test style; each rule switched off says why. Prettier owns layout, so
// eslint-config-prettier comes last.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['dist/', 'coverage/', '.data/', 'node_modules/']),

  {
    files: ['**/*.ts', '**/*.mts'],
    extends: [js.configs.recommended, tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Nest modules are classes with only decorators (@Module({...}) export class XModule {}).
      '@typescript-eslint/no-extraneous-class': 'off',
      // Constructor parameter properties are how Nest injects providers.
      '@typescript-eslint/parameter-properties': 'off',
      // Swagger response DTOs are classes that describe plain JSON; answers are object literals.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      // Without noUncheckedIndexedAccess every `rows[0]` and regex group looks defined, and a
      // field re-checked after an await (`this.closed`) looks constant: mostly false alarms.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // `(resolve) => setTimeout(resolve, ms)` and `() => expect(...)` are clear as they are.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // Numbers (bigints too) and booleans read well in messages; objects, undefined and null do not.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `_`-prefixed names are unused on purpose (a signature needs the parameter; a rest sibling
      // drops a property).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },

  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/*.contract.ts', '**/*.properties.ts', 'test/support/**/*.ts'],
    rules: {
      // `expect(service.method).toHaveBeenCalled()` passes methods unbound by design.
      '@typescript-eslint/unbound-method': 'off',
      // Tests reach into answers they have just checked (`body.items[0]!.id`).
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },

  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/*.contract.ts', '**/*.properties.ts'],
    rules: {
      // Jest's asymmetric matchers (expect.any, expect.objectContaining) are typed `any`.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },

  {
    files: ['**/*.e2e-spec.ts', 'test/support/casebook-harness.ts'],
    rules: {
      // End-to-end specs read HTTP answers as untyped JSON (the harness's `body` is `any`) and say
      // with expect() what they must hold; typing every answer would only repeat the assertions.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },

  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },

  prettier,
);
