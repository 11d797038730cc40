import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import globals from 'globals'

// Imports point one way: app → sync, local, export → domain; server → domain. domain imports nothing of ours.
// The same rule covers bare `@/app` and dynamic `import()`, which no-restricted-imports does not see.
const layer = (from, forbidden) => ({
  files: [`src/${from}/**/*.{ts,vue}`],
  rules: {
    'no-restricted-imports': ['error', { patterns: forbidden.map((l) => ({ regex: `^(@/|(\\.\\./)+)${l}(/|$)`, message: `${from} must not import ${l}` })) }],
    'no-restricted-syntax': ['error', ...forbidden.map((l) => ({
      selector: `ImportExpression[source.value=/^(@\\/|(\\.\\.\\/)+)${l}(\\/|$)/]`,
      message: `${from} must not import ${l} (dynamic import)`,
    }))],
  },
})

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'dev-dist', 'coverage', 'bench', 'data', '.tmp'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node }, ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      'vue/no-v-html': 'error',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  layer('domain', ['app', 'local', 'sync', 'export', 'server', 'sw']),
  layer('local', ['app', 'sync', 'export', 'server']),
  layer('sync', ['app', 'export', 'server']),
  layer('export', ['app', 'local', 'sync', 'server']),
  layer('sw', ['app', 'export', 'server']),
  layer('server', ['app', 'local', 'sync', 'export', 'sw']),
)
