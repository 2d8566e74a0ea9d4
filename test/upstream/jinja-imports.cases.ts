import type { JinjaCase } from './jinja-cases.ts'

/** The fixture's DictLoader and `env.globals["bar"] = 23`, with `src` rendered. */
const env = (src: string, more: Partial<JinjaCase> = {}) => ({
  template: {
    'case.txt': src,
    module: '{% macro test() %}[{{ foo }}|{{ bar }}]{% endmacro %}',
    header: '[{{ foo }}|{{ 23 }}]',
    o_printer: '({{ o }})',
  },
  ...more,
  globals: { bar: 23, ...more.globals },
})
/** A template only compiled (`test_env.from_string(…)`). */
const compiled = (origin: string, src: string): JinjaCase => ({
  origin,
  template: src,
  compiles: true,
})
const refused = (origin: string, src: string): JinjaCase => ({
  origin,
  template: src,
  raises: /./,
})

const WITHOUT_CONTEXT = {
  reason:
    "nunjucks' include always passes the context (compileInclude): `without context` is named at compile time with its line.",
  where: 'nunjucks/src/compiler.js:892',
  throws: /uses \{% include … without context %\}/,
}
const LIST_INCLUDE = {
  reason:
    "nunjucks' include takes one name (getTemplate refuses a list): a literal list is named at compile time with its line.",
  where: 'nunjucks/src/compiler.js:892',
  throws: /uses a list of templates in \{% include %\}/,
}

/** pallets/jinja tests/test_imports.py. */
export const IMPORT_CASES: readonly JinjaCase[] = [
  ...(
    [
      ['import', '{% import "module" as m %}{{ m.test() }}', '[|23]'],
      [
        'import without context',
        '{% import "module" as m without context %}{{ m.test() }}',
        '[|23]',
      ],
      ['import with context', '{% import "module" as m with context %}{{ m.test() }}', '[42|23]'],
      ['from', '{% from "module" import test %}{{ test() }}', '[|23]'],
      [
        'from without context',
        '{% from "module" import test without context %}{{ test() }}',
        '[|23]',
      ],
      ['from with context', '{% from "module" import test with context %}{{ test() }}', '[42|23]'],
    ] as const
  ).map(([part, src, expected]) => ({
    origin: `TestImports::test_context_imports[${part}]`,
    ...env(src, { context: { foo: 42 } }),
    expected,
  })),
  compiled('TestImports::test_import_needs_name[bar]', '{% from "foo" import bar %}'),
  compiled('TestImports::test_import_needs_name[bar, baz]', '{% from "foo" import bar, baz %}'),
  refused('TestImports::test_import_needs_name[none]', '{% from "foo" import %}'),
  refused('TestImports::test_no_trailing_comma[bar,]', '{% from "foo" import bar, %}'),
  refused('TestImports::test_no_trailing_comma[bar,,]', '{% from "foo" import bar,, %}'),
  refused('TestImports::test_no_trailing_comma[,]', '{% from "foo" import, %}'),
  ...[
    'bar, baz with context',
    'bar, baz, with context',
    'bar, with context',
    'bar, with, context',
    'bar, with with context',
  ].map((names) =>
    compiled(
      `TestImports::test_trailing_comma_with_context[${names}]`,
      `{% from "foo" import ${names} %}`,
    ),
  ),
  ...['bar,, with context', 'bar with context,'].map((names) =>
    refused(
      `TestImports::test_trailing_comma_with_context[${names}]`,
      `{% from "foo" import ${names} %}`,
    ),
  ),
  {
    origin: 'TestImports::test_not_exported',
    ...env("{% from 'module' import nothing %}{{ nothing() }}"),
    raises: /does not export the requested name|cannot import 'nothing'/,
  },
  {
    origin: 'TestImports::test_import_with_globals[globals]',
    ...env('{% import "module" as m %}{{ m.test() }}', { globals: { foo: 42 } }),
    expected: '[42|23]',
  },
  {
    origin: 'TestImports::test_import_with_globals[none]',
    ...env('{% import "module" as m %}{{ m.test() }}'),
    expected: '[|23]',
  },
  {
    origin: 'TestImports::test_import_with_globals_override',
    ...env('{% set foo = 41 %}{% import "module" as m %}{{ m.test() }}', {
      globals: { foo: 42 },
    }),
    expected: '[42|23]',
  },
  {
    origin: 'TestImports::test_from_import_with_globals',
    ...env('{% from "module" import test %}{{ test() }}', { globals: { foo: 42 } }),
    expected: '[42|23]',
  },
  ...(
    [
      ['include', '{% include "header" %}', '[42|23]'],
      ['with context', '{% include "header" with context %}', '[42|23]'],
      ['without context', '{% include "header" without context %}', '[|23]'],
    ] as const
  ).map(([part, src, expected]) => ({
    origin: `TestIncludes::test_context_include[${part}]`,
    ...env(src, { context: { foo: 42 } }),
    expected,
    ...(part === 'without context' ? { differs: WITHOUT_CONTEXT } : {}),
  })),
  {
    origin: 'TestIncludes::test_choice_includes[list]',
    ...env('{% include ["missing", "header"] %}', { context: { foo: 42 } }),
    expected: '[42|23]',
    differs: {
      reason:
        "nunjucks' include takes one name (getTemplate refuses a list): a literal list is named at compile time with its line.",
      where: 'nunjucks/src/compiler.js:892',
      throws: /uses a list of templates in \{% include %\}/,
    },
  },
  {
    origin: 'TestIncludes::test_choice_includes[list ignore missing]',
    ...env('{% include ["missing", "missing2"] ignore missing %}', { context: { foo: 42 } }),
    expected: '',
    differs: {
      reason:
        "nunjucks' include takes one name (getTemplate refuses a list): a literal list is named at compile time with its line.",
      where: 'nunjucks/src/compiler.js:892',
      throws: /uses a list of templates in \{% include %\}/,
    },
  },
  {
    origin: 'TestIncludes::test_choice_includes[list missing]',
    ...env('{% include ["missing", "missing2"] %}'),
    raises: /missing2/,
    differs: {
      reason:
        "nunjucks' include takes one name (getTemplate refuses a list): a literal list is named at compile time with its line.",
      where: 'nunjucks/src/compiler.js:892',
      throws: /uses a list of templates in \{% include %\}/,
    },
  },
  ...(
    [
      ['x = list', '{% include x %}', ['missing', 'header']],
      ['[x, "header"]', '{% include [x, "header"] %}', 'missing'],
      ['x = name', '{% include x %}', 'header'],
      ['[x]', '{% include [x] %}', 'header'],
    ] as const
  ).map(([part, src, x]) => ({
    origin: `TestIncludes::test_choice_includes[${part}]`,
    ...env(src, { context: { foo: 42, x } }),
    expected: '[42|23]',
    ...(part === 'x = name'
      ? {}
      : {
          differs:
            part === 'x = list'
              ? {
                  reason:
                    "nunjucks' include takes one name: a list given at render time is refused (getTemplate).",
                  where: 'nunjucks/src/environment.js:210',
                  throws: /template names must be a string: missing,header/,
                }
              : LIST_INCLUDE,
        }),
  })),
  {
    origin: 'TestIncludes::test_include_ignoring_missing[missing]',
    ...env('{% include "missing" %}'),
    raises: /missing/,
  },
  ...['', 'with context', 'without context'].map((extra) => ({
    origin: `TestIncludes::test_include_ignoring_missing[ignore missing${extra ? ` ${extra}` : ''}]`,
    ...env(`{% include "missing" ignore missing ${extra} %}`),
    expected: '',
    ...(extra === 'without context' ? { differs: WITHOUT_CONTEXT } : {}),
  })),
  {
    origin: 'TestIncludes::test_context_include_with_overrides',
    template: {
      main: "{% for item in [1, 2, 3] %}{% include 'item' %}{% endfor %}",
      item: '{{ item }}',
    },
    expected: '123',
  },
  {
    origin: 'TestIncludes::test_unoptimized_scopes',
    ...env(`
            {% macro outer(o) %}
            {% macro inner() %}
            {% include "o_printer" %}
            {% endmacro %}
            {{ inner() }}
            {% endmacro %}
            {{ outer("FOO") }}
        `),
    compare: 'strip',
    expected: '(FOO)',
    differs: {
      reason:
        "A template included in a macro sees the template's context, not the macro's arguments (compileInclude passes the context's variables).",
      where: 'nunjucks/src/compiler.js:892',
      renders: '()',
    },
  },
  {
    origin: 'TestIncludes::test_import_from_with_context',
    template: {
      'case.txt': "{% set foobar = 42 %}{% from 'a' import x with context %}{{ x() }}",
      a: '{% macro x() %}{{ foobar }}{% endmacro %}',
    },
    expected: '42',
  },
]
