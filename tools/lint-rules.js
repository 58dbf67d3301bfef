// The project's own lint rules, loaded by oxlint as a plugin (.oxlintrc.json, `jsPlugins`): ESLint's
// rule API, which oxlint's JavaScript plugins implement.
'use strict';

module.exports = {
  meta: { name: 'audit-logging' },
  rules: {
    // swc compiles imports as tsc does without esModuleInterop (tools/swc-options.js): a default import
    // reads `.default`, which a CommonJS module does not have. TypeScript 7, the type check, always
    // allows them, so this is where they are refused.
    'no-default-import': {
      meta: { type: 'problem', docs: { description: 'A default import, which swc compiles to `.default`.' } },
      create(context) {
        return {
          ImportDefaultSpecifier(node) {
            context.report({ node, message: "Use `import * as name from '...'` or a named import." });
          },
        };
      },
    },
  },
};
