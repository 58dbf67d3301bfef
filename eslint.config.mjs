import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/',
      'lib/',
      'cdktf.out/',
      'coverage/',
      '**/cdktf.out/',
      'packages/cli/lib/',
      'packages/cli/bin/',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: {
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
      // Provider classes come from their own path; the package root costs seconds and hundreds of MB.
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@cdktf/provider-aws', message: 'Import from @cdktf/provider-aws/lib/<resource>.' }] },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      // swc compiles imports as tsc does without esModuleInterop (tools/swc-options.js): a default
      // import reads `.default`, which a CommonJS module does not have. TypeScript 7, the type
      // check, always allows them, so this is where they are refused.
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportDefaultSpecifier', message: "Use `import * as name from '...'` or a named import." },
      ],
    },
  },
  { files: ['**/*.js', '**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // Tests read synthesized JSON, whose shape is Terraform's, not ours.
  { files: ['__tests__/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  // Command-line tools print their results.
  { files: ['cli/**/*.ts', 'e2e/**/*.ts', 'bench/**/*.ts', 'examples/*.ts'], rules: { 'no-console': 'off' } },
  prettier,
);
