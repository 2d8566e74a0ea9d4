import type { Difference, JinjaCase } from './jinja-cases.ts'

const KVS = {
  kvs: [
    ['a', 1],
    ['b', 2],
  ],
}
const OUTSIDE =
  '  {% if kvs %}(\n   {% for k, v in kvs %}{{ k }}={{ v }} {% endfor %}\n  ){% endif %}'
const INSIDE =
  '  ({% if kvs %}\n   {% for k, v in kvs %}{{ k }}={{ v }} {% endfor %}\n  {% endif %})'
const WITHOUT_NEW_LINE =
  '  {% if kvs %}   {% for k, v in kvs %}{{ k }}={{ v }} {% endfor %}  {% endif %}'
const compiled = (origin: string, template: string): JinjaCase => ({
  origin,
  template,
  compiles: true,
})
const refused = (origin: string, template: string): JinjaCase => ({
  origin,
  template,
  raises: /./,
})

/** Where nunjucks answers otherwise, by origin (docs/jinja.md lists each with its reason). */
const DIFFERENCES: Readonly<Record<string, Difference>> = {
  'TestLexer::test_raw2': {
    reason:
      "nunjucks' parseRaw reads no whitespace control on a raw block's tags: named at compile time with its line.",
    where: 'nunjucks/src/parser.js:508',
    throws: /uses whitespace control on \{% raw %\}/,
  },
  'TestLexer::test_raw3': {
    reason:
      "nunjucks' lstripBlocks and trimBlocks do not apply to {% raw %} tags (parseRaw reads their text as it is).",
    where: 'nunjucks/src/parser.js:508',
    renders: 'bar\n  {{baz}}2 spaces\n\nfoo',
  },
  'TestLexer::test_raw4': {
    reason:
      "nunjucks' parseRaw reads no whitespace control on a raw block's tags: named at compile time with its line.",
    where: 'nunjucks/src/parser.js:508',
    throws: /uses whitespace control on \{% raw %\} at line 2/,
  },
  'TestLexer::test_string_escapes[\\0]': {
    reason:
      "nunjucks' string literals know \\\\n, \\\\t, \\\\r and a quoted character only (_parseString), not Python's \\\\x00 or \\\\N{…}.",
    where: 'nunjucks/src/lexer.js:295',
    renders: 'x00',
  },
  'TestLexer::test_string_escapes[\\N{HOT SPRINGS}]': {
    reason:
      "nunjucks' string literals know \\\\n, \\\\t, \\\\r and a quoted character only (_parseString), not Python's \\\\x00 or \\\\N{…}.",
    where: 'nunjucks/src/lexer.js:295',
    renders: 'N{HOT SPRINGS}',
  },
  'TestLexer::test_trailing_newline[False-"with\\nnewline\\n"]': {
    reason:
      "nunjucks keeps a template's last newline, where Jinja drops one (keep_trailing_newline=False).",
    where: 'nunjucks/src/lexer.js:234',
    renders: 'with\nnewline\n',
  },
  'TestLexer::test_trailing_newline[False-"with\\nseveral\\n\\n\\n"]': {
    reason:
      "nunjucks keeps a template's last newline, where Jinja drops one (keep_trailing_newline=False).",
    where: 'nunjucks/src/lexer.js:234',
    renders: 'with\nseveral\n\n\n',
  },
  'TestLexer::test_name[1a-False]': {
    reason:
      "nunjucks' lexer reads a run of characters up to a delimiter as a name (1a, an emoji, ·), where Jinja refuses them.",
    where: 'nunjucks/src/lexer.js:202',
    renders: '',
  },
  'TestLexer::test_name[🐍a-False]': {
    reason:
      "nunjucks' lexer reads a run of characters up to a delimiter as a name (1a, an emoji, ·), where Jinja refuses them.",
    where: 'nunjucks/src/lexer.js:202',
    renders: '',
  },
  'TestLexer::test_name[a🐍🐍-False]': {
    reason:
      "nunjucks' lexer reads a run of characters up to a delimiter as a name (1a, an emoji, ·), where Jinja refuses them.",
    where: 'nunjucks/src/lexer.js:202',
    renders: '',
  },
  'TestLexer::test_name[·-False]': {
    reason:
      "nunjucks' lexer reads a run of characters up to a delimiter as a name (1a, an emoji, ·), where Jinja refuses them.",
    where: 'nunjucks/src/lexer.js:202',
    renders: '',
  },
  'TestParser::test_error_messages[endif in for]': {
    reason:
      "nunjucks' parser words its syntax errors otherwise (unknown block tag: endif, with the line and column), not Jinja's sentence.",
    where: 'nunjucks/src/parser.js:500',
    throws: /unknown block tag: endif/,
  },
  'TestParser::test_error_messages[endfor in if]': {
    reason:
      "nunjucks' parser words its syntax errors otherwise (unknown block tag: endif, with the line and column), not Jinja's sentence.",
    where: 'nunjucks/src/parser.js:500',
    throws: /unknown block tag: endfor/,
  },
  'TestParser::test_error_messages[if left open]': {
    reason:
      "nunjucks' parser words its syntax errors otherwise (unknown block tag: endif, with the line and column), not Jinja's sentence.",
    where: 'nunjucks/src/parser.js:500',
    throws: /parseIf: expected elif, else, or endif, got end of file/,
  },
  'TestParser::test_error_messages[for left open]': {
    reason:
      "nunjucks' parser words its syntax errors otherwise (unknown block tag: endif, with the line and column), not Jinja's sentence.",
    where: 'nunjucks/src/parser.js:500',
    throws: /unexpected end of file/,
  },
  'TestParser::test_error_messages[unknown tag]': {
    reason:
      "nunjucks' parser words its syntax errors otherwise (unknown block tag: endif, with the line and column), not Jinja's sentence.",
    where: 'nunjucks/src/parser.js:500',
    throws: /unknown block tag: unknown_tag/,
  },
  'TestSyntax::test_call': {
    reason:
      "nunjucks' calls take no *args or **kwargs (parseSignature reads names and values): named at compile time with its line.",
    where: 'nunjucks/src/parser.js:905',
    throws: /uses \*args in a call at line 1/,
  },
  'TestSyntax::test_slicing': {
    reason:
      "A list prints as JavaScript's String() (items joined by commas), not Python's repr (suppressValue).",
    where: 'nunjucks/src/runtime.js:184',
    renders: '1,2,3|3,2,1',
  },
  'TestSyntax::test_tuple': {
    reason: 'nunjucks has no tuples: an empty () is named at compile time with its line.',
    where: 'nunjucks/src/compiler.js:247',
    throws: /uses an empty tuple \(\) at line 1/,
  },
  'TestSyntax::test_concat': {
    reason:
      "A list prints as JavaScript's String() (items joined by commas), not Python's repr (suppressValue).",
    where: 'nunjucks/src/runtime.js:184',
    renders: '1,2foo',
  },
  'TestSyntax::test_compare[1->-0]': {
    reason: "A value prints as JavaScript's String(): true, not Python's True (suppressValue).",
    where: 'nunjucks/src/runtime.js:184',
    renders: 'true',
  },
  'TestSyntax::test_compare[1->=-1]': {
    reason: "A value prints as JavaScript's String(): true, not Python's True (suppressValue).",
    where: 'nunjucks/src/runtime.js:184',
    renders: 'true',
  },
  'TestSyntax::test_compare[2-<-3]': {
    reason: "A value prints as JavaScript's String(): true, not Python's True (suppressValue).",
    where: 'nunjucks/src/runtime.js:184',
    renders: 'true',
  },
  'TestSyntax::test_compare[3-<=-4]': {
    reason: "A value prints as JavaScript's String(): true, not Python's True (suppressValue).",
    where: 'nunjucks/src/runtime.js:184',
    renders: 'true',
  },
  'TestSyntax::test_compare[4-==-4]': {
    reason: "A value prints as JavaScript's String(): true, not Python's True (suppressValue).",
    where: 'nunjucks/src/runtime.js:184',
    renders: 'true',
  },
  'TestSyntax::test_compare[4-!=-5]': {
    reason: "A value prints as JavaScript's String(): true, not Python's True (suppressValue).",
    where: 'nunjucks/src/runtime.js:184',
    renders: 'true',
  },
  'TestSyntax::test_compare_compound[{{ 4 < 2 < 3 }}-False]': {
    reason: "A value prints as JavaScript's String(): true, not Python's True (suppressValue).",
    where: 'nunjucks/src/runtime.js:184',
    renders: 'false',
  },
  'TestSyntax::test_compare_compound[{{ a < b < c }}-False]': {
    reason: "A value prints as JavaScript's String(): true, not Python's True (suppressValue).",
    where: 'nunjucks/src/runtime.js:184',
    renders: 'false',
  },
  'TestSyntax::test_compare_compound[{{ 4 > 2 > 3 }}-False]': {
    reason: "A value prints as JavaScript's String(): true, not Python's True (suppressValue).",
    where: 'nunjucks/src/runtime.js:184',
    renders: 'false',
  },
  'TestSyntax::test_compare_compound[{{ a > b > c }}-False]': {
    reason: "A value prints as JavaScript's String(): true, not Python's True (suppressValue).",
    where: 'nunjucks/src/runtime.js:184',
    renders: 'false',
  },
  'TestSyntax::test_compare_compound[{{ 4 > 2 < 3 }}-True]': {
    reason: "A value prints as JavaScript's String(): true, not Python's True (suppressValue).",
    where: 'nunjucks/src/runtime.js:184',
    renders: 'true',
  },
  'TestSyntax::test_compare_compound[{{ a > b < c }}-True]': {
    reason: "A value prints as JavaScript's String(): true, not Python's True (suppressValue).",
    where: 'nunjucks/src/runtime.js:184',
    renders: 'true',
  },
  'TestSyntax::test_inop': {
    reason: "A value prints as JavaScript's String(): true, not Python's True (suppressValue).",
    where: 'nunjucks/src/runtime.js:184',
    renders: 'true|false',
  },
  'TestSyntax::test_collection_literal[[]]': {
    reason:
      "A list prints as JavaScript's String() (items joined by commas), not Python's repr (suppressValue).",
    where: 'nunjucks/src/runtime.js:184',
    renders: '',
  },
  'TestSyntax::test_collection_literal[{}]': {
    reason:
      "An object prints as JavaScript's String(), [object Object], not Python's repr (suppressValue).",
    where: 'nunjucks/src/runtime.js:184',
    renders: '[object Object]',
  },
  'TestSyntax::test_collection_literal[()]': {
    reason: 'nunjucks has no tuples: an empty () is named at compile time with its line.',
    where: 'nunjucks/src/compiler.js:247',
    throws: /uses an empty tuple \(\) at line 1/,
  },
  'TestSyntax::test_numeric_literal[1e0-1.0]': {
    reason: "A whole float prints as 1, not Python's 1.0: JavaScript has one number type.",
    where: 'nunjucks/src/runtime.js:184',
    renders: '1',
  },
  'TestSyntax::test_numeric_literal[10e1-100.0]': {
    reason: "A whole float prints as 100, not Python's 100.0: JavaScript has one number type.",
    where: 'nunjucks/src/runtime.js:184',
    renders: '100',
  },
  'TestSyntax::test_numeric_literal[25.6e-10-2.56e-09]': {
    reason: "JavaScript prints an exponent without Python's leading zero: 2.56e-9, not 2.56e-09.",
    where: 'nunjucks/src/runtime.js:184',
    renders: '2.56e-9',
  },
  'TestSyntax::test_bool': {
    reason: "A value prints as JavaScript's String(): true, not Python's True (suppressValue).",
    where: 'nunjucks/src/runtime.js:184',
    renders: 'false|true|true',
  },
  'TestSyntax::test_grouping': {
    reason: "A value prints as JavaScript's String(): true, not Python's True (suppressValue).",
    where: 'nunjucks/src/runtime.js:184',
    renders: 'false',
  },
  'TestSyntax::test_short_conditional_expression[(1 if false).bar]': {
    reason:
      "nunjucks' member lookup on undefined gives undefined (memberLookup), where Jinja raises UndefinedError.",
    where: 'nunjucks/src/runtime.js:197',
    renders: '<>',
  },
  'TestSyntax::test_tuple_expr[{{ () }}]': {
    reason: 'nunjucks has no tuples: an empty () is named at compile time with its line.',
    where: 'nunjucks/src/compiler.js:247',
    throws: /uses an empty tuple \(\) at line 1/,
  },
  'TestSyntax::test_tuple_expr[{{ 1, }}]': {
    reason:
      "nunjucks has no tuple without parentheses (in {{ }} or a loop's sequence): parseAggregate needs them.",
    where: 'nunjucks/src/parser.js:856',
    throws: /expected variable end/,
  },
  'TestSyntax::test_tuple_expr[{{ 1, 2 }}]': {
    reason:
      "nunjucks has no tuple without parentheses (in {{ }} or a loop's sequence): parseAggregate needs them.",
    where: 'nunjucks/src/parser.js:856',
    throws: /expected variable end/,
  },
  'TestSyntax::test_tuple_expr[{% for x in foo, bar %}...{% endfor %}]': {
    reason:
      "nunjucks has no tuple without parentheses (in {{ }} or a loop's sequence): parseAggregate needs them.",
    where: 'nunjucks/src/parser.js:856',
    throws: /expected block end in for statement/,
  },
  'TestSyntax::test_tuple_expr[{% for x in foo, %}...{% endfor %}]': {
    reason:
      "nunjucks has no tuple without parentheses (in {{ }} or a loop's sequence): parseAggregate needs them.",
    where: 'nunjucks/src/parser.js:856',
    throws: /expected block end in for statement/,
  },
  'TestSyntax::test_trailing_comma': {
    reason: "nunjucks' dict keys must be strings or names ({1: 2} is refused by compilePair).",
    where: 'nunjucks/src/compiler.js:262',
    throws: /Dict keys must be strings or names/,
  },
  'TestSyntax::test_constant_casing[True]': {
    reason: "A value prints as JavaScript's String(): true, not Python's True (suppressValue).",
    where: 'nunjucks/src/runtime.js:184',
    renders: 'true|true|',
  },
  'TestSyntax::test_constant_casing[False]': {
    reason: "A value prints as JavaScript's String(): true, not Python's True (suppressValue).",
    where: 'nunjucks/src/runtime.js:184',
    renders: 'false|false|',
  },
  'TestSyntax::test_constant_casing[None]': {
    reason: "none prints as nothing (suppressValue), not Python's None.",
    where: 'nunjucks/src/runtime.js:184',
    renders: '||',
  },
  'TestSyntax::test_test_chaining[or]': {
    reason: "A value prints as JavaScript's String(): true, not Python's True (suppressValue).",
    where: 'nunjucks/src/runtime.js:184',
    renders: 'true',
  },
  'TestSyntax::test_notin': {
    reason: "A value prints as JavaScript's String(): true, not Python's True (suppressValue).",
    where: 'nunjucks/src/runtime.js:184',
    renders: 'false',
  },
  'TestSyntax::test_const': {
    reason:
      "A value prints as JavaScript's String(): true, not Python's True, and none as nothing (suppressValue).",
    where: 'nunjucks/src/runtime.js:184',
    renders: 'true|false||true|false',
  },
  'TestSyntax::test_localset': {
    reason:
      "nunjucks' {% set %} in a loop body assigns the enclosing scope's variable (Frame.set resolves up), where Jinja's lasts one iteration.",
    where: 'nunjucks/src/runtime.js:25',
    renders: '1',
  },
  'TestLstripBlocks::test_lstrip_comment': {
    reason: "nunjucks' lstripBlocks and trimBlocks do not apply to comments ({# #}), Jinja's do.",
    where: 'nunjucks/src/lexer.js:261',
    renders: '    \nhello\n    ',
  },
  'TestLstripBlocks::test_lstrip_trim_blocks_comment': {
    reason: "nunjucks' lstripBlocks and trimBlocks do not apply to comments ({# #}), Jinja's do.",
    where: 'nunjucks/src/lexer.js:261',
    renders: ' \n      ',
  },
  'TestLstripBlocks::test_lstrip_trim_blocks_raw': {
    reason:
      "nunjucks' parseRaw reads no whitespace control on a raw block's tags: named at compile time with its line.",
    where: 'nunjucks/src/parser.js:508',
    throws: /uses whitespace control on \{% raw %\} at line 2/,
  },
  'TestTrimBlocks::test_comment_trim': {
    reason: "nunjucks' lstripBlocks and trimBlocks do not apply to comments ({# #}), Jinja's do.",
    where: 'nunjucks/src/lexer.js:261',
    renders: '    \n\n  ',
  },
  'TestTrimBlocks::test_comment_no_trim': {
    reason: "nunjucks' lstripBlocks and trimBlocks do not apply to comments ({# #}), Jinja's do.",
    where: 'nunjucks/src/lexer.js:261',
    renders: '    \n\n  ',
  },
  'TestTrimBlocks::test_multiple_comment_trim_lstrip': {
    reason: "nunjucks' lstripBlocks and trimBlocks do not apply to comments ({# #}), Jinja's do.",
    where: 'nunjucks/src/lexer.js:261',
    renders: '   \n\n\n   \n\n\n ',
  },
  'TestTrimBlocks::test_multiple_comment_no_trim_lstrip': {
    reason: "nunjucks' lstripBlocks and trimBlocks do not apply to comments ({# #}), Jinja's do.",
    where: 'nunjucks/src/lexer.js:261',
    renders: '   \n\n\n   \n\n\n ',
  },
  'TestTrimBlocks::test_raw_trim_lstrip': {
    reason:
      "nunjucks' lstripBlocks and trimBlocks do not apply to {% raw %} tags (parseRaw reads their text as it is).",
    where: 'nunjucks/src/parser.js:508',
    renders: '1\n    \n\n2',
  },
  'TestTrimBlocks::test_trim_blocks_false_with_no_trim[raw +]': {
    reason:
      "nunjucks' parseRaw reads no whitespace control on a raw block's tags: named at compile time with its line.",
    where: 'nunjucks/src/parser.js:508',
    throws: /uses whitespace control on \{% endraw %\}/,
  },
  'TestTrimBlocks::test_raw_no_trim_lstrip[endraw +]': {
    reason:
      "nunjucks' parseRaw reads no whitespace control on a raw block's tags: named at compile time with its line.",
    where: 'nunjucks/src/parser.js:508',
    throws: /uses whitespace control on \{% endraw %\} at line 3/,
  },
}

const ROWS: readonly JinjaCase[] = [
  {
    origin: 'TestLexer::test_raw1',
    template: '{% raw %}foo{% endraw %}|{%raw%}{{ bar }}|{% baz %}{%       endraw    %}',
    expected: 'foo|{{ bar }}|{% baz %}',
  },
  {
    origin: 'TestLexer::test_raw2',
    template: '1  {%- raw -%}   2   {%- endraw -%}   3',
    expected: '123',
  },
  {
    origin: 'TestLexer::test_raw3',
    template: 'bar\n{% raw %}\n  {{baz}}2 spaces\n{% endraw %}\nfoo',
    lstripBlocks: true,
    trimBlocks: true,
    context: { baz: 'test' },
    expected: 'bar\n\n  {{baz}}2 spaces\nfoo',
  },
  {
    origin: 'TestLexer::test_raw4',
    template: 'bar\n{%- raw -%}\n\n  \n  2 spaces\n space{%- endraw -%}\nfoo',
    lstripBlocks: true,
    expected: 'bar2 spaces\n spacefoo',
  },
  ...(
    [
      ['\\0', "'\\x00'", '\0'],
      ['\\u2668', "'♨'", '\u2668'],
      ['\\xe4', "'ä'", '\xe4'],
      ['\\t', "'\\t'", '\t'],
      ['\\r', "'\\r'", '\r'],
      ['\\n', "'\\n'", '\n'],
    ] as const
  ).map(([name, literal, expected]) => ({
    origin: `TestLexer::test_string_escapes[${name}]`,
    template: `{{ ${literal} }}`,
    expected,
  })),
  {
    origin: 'TestLexer::test_string_escapes[\\N{HOT SPRINGS}]',
    template: '{{ "\\N{HOT SPRINGS}" }}',
    expected: '\u2668',
  },
  ...(
    [
      ['', ''],
      ['no\nnewline', 'no\nnewline'],
      ['with\nnewline\n', 'with\nnewline'],
      ['with\nseveral\n\n\n', 'with\nseveral\n\n'],
    ] as const
  ).map(([template, expected]) => ({
    origin: `TestLexer::test_trailing_newline[False-${JSON.stringify(template)}]`,
    template,
    expected,
  })),
  ...(['foo', 'föö', 'き', '_', '\u1885', '\u1886', '\u2118', '\u212e', 'a\xb7'] as const).map(
    (name) => compiled(`TestLexer::test_name[${name}-True]`, `{{ ${name} }}`),
  ),
  ...(['1a', 'a-', '\u{1f40d}a', 'a🐍\u{1f40d}', '\xb7'] as const).map((name) =>
    refused(`TestLexer::test_name[${name}-False]`, `{{ ${name} }}`),
  ),
  {
    origin: 'TestParser::test_balancing',
    template: "{{{'foo':'bar'}.foo}}",
    expected: 'bar',
  },
  {
    origin: 'TestParser::test_start_comment',
    template: `{# foo comment
and bar comment #}
{% macro blub() %}foo{% endmacro %}
{{ blub() }}`,
    compare: 'strip',
    expected: 'foo',
  },
  ...(
    [
      [
        'endif in for',
        '{% for item in seq %}...{% endif %}',
        "Encountered unknown tag 'endif'. Jinja was looking for the following tags: 'endfor' or 'else'. The innermost block that needs to be closed is 'for'.",
      ],
      [
        'endfor in if',
        '{% if foo %}{% for item in seq %}...{% endfor %}{% endfor %}',
        "Encountered unknown tag 'endfor'. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.",
      ],
      [
        'if left open',
        '{% if foo %}',
        "Unexpected end of template. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.",
      ],
      [
        'for left open',
        '{% for item in seq %}',
        "Unexpected end of template. Jinja was looking for the following tags: 'endfor' or 'else'. The innermost block that needs to be closed is 'for'.",
      ],
      [
        'block name',
        '{% block foo-bar-baz %}',
        'Block names in Jinja have to be valid Python identifiers and may not contain hyphens, use an underscore instead.',
      ],
      ['unknown tag', '{% unknown_tag %}', "Encountered unknown tag 'unknown_tag'."],
    ] as const
  ).map(([part, template, message]) => ({
    origin: `TestParser::test_error_messages[${part}]`,
    template,
    raises: new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
  })),
  {
    origin: 'TestSyntax::test_call',
    template: "{{ foo('a', c='d', e='f', *['b'], **{'g': 'h'}) }}",
    globals: {
      foo: (...args: unknown[]) => args.map(String).join(''),
    },
    expected: 'abdfh',
  },
  {
    origin: 'TestSyntax::test_slicing',
    template: '{{ [1, 2, 3][:] }}|{{ [1, 2, 3][::-1] }}',
    expected: '[1, 2, 3]|[3, 2, 1]',
  },
  {
    origin: 'TestSyntax::test_attr',
    template: "{{ foo.bar }}|{{ foo['bar'] }}",
    context: { foo: { bar: 42 } },
    expected: '42|42',
  },
  {
    origin: 'TestSyntax::test_subscript',
    template: '{{ foo[0] }}|{{ foo[-1] }}',
    context: { foo: [0, 1, 2] },
    expected: '0|2',
  },
  {
    origin: 'TestSyntax::test_tuple',
    template: '{{ () }}|{{ (1,) }}|{{ (1, 2) }}',
    expected: '()|(1,)|(1, 2)',
  },
  {
    origin: 'TestSyntax::test_math',
    template: '{{ (1 + 1 * 2) - 3 / 2 }}|{{ 2**3 }}',
    expected: '1.5|8',
  },
  {
    origin: 'TestSyntax::test_div',
    template: '{{ 3 // 2 }}|{{ 3 / 2 }}|{{ 3 % 2 }}',
    expected: '1|1.5|1',
  },
  { origin: 'TestSyntax::test_unary', template: '{{ +3 }}|{{ -3 }}', expected: '3|-3' },
  { origin: 'TestSyntax::test_concat', template: "{{ [1, 2] ~ 'foo' }}", expected: '[1, 2]foo' },
  ...(
    [
      [1, '>', 0],
      [1, '>=', 1],
      [2, '<', 3],
      [3, '<=', 4],
      [4, '==', 4],
      [4, '!=', 5],
    ] as const
  ).map(([a, op, b]) => ({
    origin: `TestSyntax::test_compare[${a}-${op}-${b}]`,
    template: `{{ ${a} ${op} ${b} }}`,
    expected: 'True',
  })),
  {
    origin: 'TestSyntax::test_compare_parens',
    template: '{{ i * (j < 5) }}',
    context: { i: 2, j: 3 },
    expected: '2',
  },
  ...(
    [
      ['{{ 4 < 2 < 3 }}', 'False'],
      ['{{ a < b < c }}', 'False'],
      ['{{ 4 > 2 > 3 }}', 'False'],
      ['{{ a > b > c }}', 'False'],
      ['{{ 4 > 2 < 3 }}', 'True'],
      ['{{ a > b < c }}', 'True'],
    ] as const
  ).map(([template, expected]) => ({
    origin: `TestSyntax::test_compare_compound[${template}-${expected}]`,
    template,
    context: { a: 4, b: 2, c: 3 },
    expected,
  })),
  {
    origin: 'TestSyntax::test_inop',
    template: '{{ 1 in [1, 2, 3] }}|{{ 1 not in [1, 2, 3] }}',
    expected: 'True|False',
  },
  ...(['[]', '{}', '()'] as const).map((value) => ({
    origin: `TestSyntax::test_collection_literal[${value}]`,
    template: `{{ ${value} }}`,
    expected: value,
  })),
  ...(
    [
      ['1', '1'],
      ['123', '123'],
      ['12_34_56', '123456'],
      ['1.2', '1.2'],
      ['34.56', '34.56'],
      ['3_4.5_6', '34.56'],
      ['1e0', '1.0'],
      ['10e1', '100.0'],
      ['2.5e100', '2.5e+100'],
      ['2.5e+100', '2.5e+100'],
      ['25.6e-10', '2.56e-09'],
      ['1_2.3_4e5_6', '1.234e+57'],
      ['0', '0'],
      ['0_00', '0'],
      ['0b1001_1111', '159'],
      ['0o123', '83'],
      ['0o1_23', '83'],
      ['0x123abc', '1194684'],
      ['0x12_3abc', '1194684'],
    ] as const
  ).map(([value, expected]) => ({
    origin: `TestSyntax::test_numeric_literal[${value}-${expected}]`,
    template: `{{ ${value} }}`,
    expected,
  })),
  {
    origin: 'TestSyntax::test_bool',
    template: '{{ true and false }}|{{ false or true }}|{{ not false }}',
    expected: 'False|True|True',
  },
  {
    origin: 'TestSyntax::test_grouping',
    template: '{{ (true and false) or (false and true) and not false }}',
    expected: 'False',
  },
  {
    origin: 'TestSyntax::test_django_attr',
    template: '{{ [1, 2, 3].0 }}|{{ [[1]].0.0 }}',
    expected: '1|1',
  },
  {
    origin: 'TestSyntax::test_conditional_expression',
    template: '{{ 0 if true else 1 }}',
    expected: '0',
  },
  {
    origin: 'TestSyntax::test_short_conditional_expression[1 if false]',
    template: '<{{ 1 if false }}>',
    expected: '<>',
  },
  {
    origin: 'TestSyntax::test_short_conditional_expression[(1 if false).bar]',
    template: '<{{ (1 if false).bar }}>',
    raises: /undefined/,
  },
  {
    origin: 'TestSyntax::test_filter_priority',
    template: '{{ "foo"|upper + "bar"|upper }}',
    expected: 'FOOBAR',
  },
  ...[
    '{{ () }}',
    '{{ (1, 2) }}',
    '{{ (1, 2,) }}',
    '{{ 1, }}',
    '{{ 1, 2 }}',
    '{% for foo, bar in seq %}...{% endfor %}',
    '{% for x in foo, bar %}...{% endfor %}',
    '{% for x in foo, %}...{% endfor %}',
  ].map((template) => compiled(`TestSyntax::test_tuple_expr[${template}]`, template)),
  {
    origin: 'TestSyntax::test_trailing_comma',
    template: '{{ (1, 2,) }}|{{ [1, 2,] }}|{{ {1: 2,} }}',
    expected: '(1, 2)|[1, 2]|{1: 2}',
  },
  compiled('TestSyntax::test_block_end_name[foo]', '{% block foo %}...{% endblock foo %}'),
  refused('TestSyntax::test_block_end_name[x, y]', '{% block x %}{% endblock y %}'),
  ...(['True', 'False', 'None'] as const).map((constant) => ({
    origin: `TestSyntax::test_constant_casing[${constant}]`,
    template: `{{ ${constant} }}|{{ ${constant.toLowerCase()} }}|{{ ${constant.toUpperCase()} }}`,
    expected: `${constant}|${constant}|`,
  })),
  refused(
    'TestSyntax::test_test_chaining[is string is sequence]',
    '{{ foo is string is sequence }}',
  ),
  {
    origin: 'TestSyntax::test_test_chaining[or]',
    template: '{{ 42 is string or 42 is number }}',
    expected: 'True',
  },
  {
    origin: 'TestSyntax::test_string_concatenation',
    template: '{{ "foo" "bar" "baz" }}',
    expected: 'foobarbaz',
  },
  {
    origin: 'TestSyntax::test_notin',
    template: '{{ not 42 in bar }}',
    context: { bar: Array.from({ length: 100 }, (_, i) => i) },
    expected: 'False',
  },
  {
    origin: 'TestSyntax::test_operator_precedence',
    template: '{{ 2 * 3 + 4 % 2 + 1 - 2 }}',
    expected: '5',
  },
  {
    origin: 'TestSyntax::test_raw2',
    template: '{% raw %}{{ FOO }} and {% BAR %}{% endraw %}',
    expected: '{{ FOO }} and {% BAR %}',
  },
  {
    origin: 'TestSyntax::test_const',
    template: '{{ true }}|{{ false }}|{{ none }}|{{ none is defined }}|{{ missing is defined }}',
    expected: 'True|False|None|True|False',
  },
  refused('TestSyntax::test_const_assign[set true]', '{% set true = 42 %}'),
  refused('TestSyntax::test_const_assign[for none]', '{% for none in seq %}{% endfor %}'),
  {
    origin: 'TestSyntax::test_localset',
    template: '{% set foo = 0 %}{% for item in [1, 2] %}{% set foo = 1 %}{% endfor %}{{ foo }}',
    expected: '0',
  },
  {
    origin: 'TestSyntax::test_parse_unary[-foo["bar"]]',
    template: '{{ -foo["bar"] }}',
    context: { foo: { bar: 42 } },
    expected: '-42',
  },
  {
    origin: 'TestSyntax::test_parse_unary[-foo["bar"]|abs]',
    template: '{{ -foo["bar"]|abs }}',
    context: { foo: { bar: 42 } },
    expected: '42',
  },
  ...(
    [
      ['test_lstrip', '    {% if True %}\n    {% endif %}', true, false, '\n'],
      ['test_lstrip_trim', '    {% if True %}\n    {% endif %}', true, true, ''],
      ['test_no_lstrip', '    {%+ if True %}\n    {%+ endif %}', true, false, '    \n    '],
      [
        'test_lstrip_blocks_false_with_no_lstrip[plain]',
        '    {% if True %}\n    {% endif %}',
        false,
        false,
        '    \n    ',
      ],
      [
        'test_lstrip_blocks_false_with_no_lstrip[+]',
        '    {%+ if True %}\n    {%+ endif %}',
        false,
        false,
        '    \n    ',
      ],
      [
        'test_lstrip_endline',
        '    hello{% if True %}\n    goodbye{% endif %}',
        true,
        false,
        '    hello\n    goodbye',
      ],
      ['test_lstrip_inline', '    {% if True %}hello    {% endif %}', true, false, 'hello    '],
      [
        'test_lstrip_nested',
        '    {% if True %}a {% if True %}b {% endif %}c {% endif %}',
        true,
        false,
        'a b c ',
      ],
      [
        'test_lstrip_left_chars',
        '    abc {% if True %}\n        hello{% endif %}',
        true,
        false,
        '    abc \n        hello',
      ],
      [
        'test_lstrip_embeded_strings',
        '    {% set x = " {% str %} " %}{{ x }}',
        true,
        false,
        ' {% str %} ',
      ],
      ['test_lstrip_preserve_leading_newlines', '\n\n\n{% set hello = 1 %}', true, false, '\n\n\n'],
      ['test_lstrip_comment', '    {# if True #}\nhello\n    {#endif#}', true, false, '\nhello\n'],
      ['test_lstrip_blocks_outside_with_new_line', OUTSIDE, true, false, '(\na=1 b=2 \n  )'],
      ['test_lstrip_trim_blocks_outside_with_new_line', OUTSIDE, true, true, '(\na=1 b=2   )'],
      ['test_lstrip_blocks_inside_with_new_line', INSIDE, true, false, '  (\na=1 b=2 \n)'],
      ['test_lstrip_trim_blocks_inside_with_new_line', INSIDE, true, true, '  (a=1 b=2 )'],
      ['test_lstrip_blocks_without_new_line', WITHOUT_NEW_LINE, true, false, '   a=1 b=2   '],
      ['test_lstrip_trim_blocks_without_new_line', WITHOUT_NEW_LINE, true, true, '   a=1 b=2   '],
      [
        'test_lstrip_blocks_consume_after_without_new_line',
        '  {% if kvs -%}   {% for k, v in kvs %}{{ k }}={{ v }} {% endfor -%}  {% endif -%}',
        true,
        false,
        'a=1 b=2 ',
      ],
      [
        'test_lstrip_trim_blocks_consume_before_without_new_line',
        '  {%- if kvs %}   {%- for k, v in kvs %}{{ k }}={{ v }} {% endfor -%}  {%- endif %}',
        false,
        false,
        'a=1 b=2 ',
      ],
      [
        'test_lstrip_trim_blocks_comment',
        ' {# 1 space #}\n  {# 2 spaces #}    {# 4 spaces #}',
        true,
        true,
        '    ',
      ],
      [
        'test_lstrip_trim_blocks_raw',
        '{{x}}\n{%- raw %} {% endraw -%}\n{{ y }}',
        true,
        true,
        '1 2',
      ],
    ] as const
  ).map(([name, template, lstripBlocks, trimBlocks, expected]) => ({
    origin: `TestLstripBlocks::${name}`,
    template,
    lstripBlocks,
    trimBlocks,
    context: { ...KVS, x: 1, y: 2 },
    expected,
  })),
  ...(
    [
      ['test_trim', '    {% if True %}\n    {% endif %}', false, '        '],
      ['test_no_trim', '    {% if True +%}\n    {% endif %}', false, '    \n    '],
      ['test_no_trim_outer', '{% if True %}X{% endif +%}\nmore things', false, 'X\nmore things'],
      ['test_lstrip_no_trim', '    {% if True +%}\n    {% endif %}', true, '\n'],
      [
        'test_trim_nested',
        '    {% if True %}\na {% if True %}\nb {% endif %}\nc {% endif %}',
        true,
        'a b c ',
      ],
      [
        'test_no_trim_nested',
        '    {% if True +%}\na {% if True +%}\nb {% endif +%}\nc {% endif %}',
        true,
        '\na \nb \nc ',
      ],
      ['test_comment_trim', '    {# comment #}\n\n  ', true, '\n  '],
      ['test_comment_no_trim', '    {# comment +#}\n\n  ', true, '\n\n  '],
      [
        'test_multiple_comment_trim_lstrip',
        '   {# comment #}\n\n{# comment2 #}\n   \n{# comment3 #}\n\n ',
        true,
        '\n   \n\n ',
      ],
      [
        'test_multiple_comment_no_trim_lstrip',
        '   {# comment +#}\n\n{# comment2 +#}\n   \n{# comment3 +#}\n\n ',
        true,
        '\n\n\n   \n\n\n ',
      ],
      ['test_raw_trim_lstrip', '{{x}}{% raw %}\n\n    {% endraw %}\n\n{{ y }}', true, '1\n\n\n2'],
    ] as const
  ).map(([name, template, lstripBlocks, expected]) => ({
    origin: `TestTrimBlocks::${name}`,
    template,
    trimBlocks: true,
    lstripBlocks,
    context: { x: 1, y: 2 },
    expected,
  })),
  ...(
    [
      ['plain', '    {% if True %}\n    {% endif %}'],
      ['+', '    {% if True +%}\n    {% endif %}'],
      ['comment', '    {# comment #}\n    '],
      ['comment +', '    {# comment +#}\n    '],
      ['raw', '    {% raw %}{% endraw %}\n    '],
      ['raw +', '    {% raw %}{% endraw +%}\n    '],
    ] as const
  ).map(([part, template]) => ({
    origin: `TestTrimBlocks::test_trim_blocks_false_with_no_trim[${part}]`,
    template,
    expected: '    \n    ',
  })),
  {
    origin: 'TestTrimBlocks::test_raw_no_trim_lstrip[endraw +]',
    template: '{{x}}{% raw %}\n\n      {% endraw +%}\n\n{{ y }}',
    lstripBlocks: true,
    context: { x: 1, y: 2 },
    expected: '1\n\n\n\n2',
  },
  {
    origin: 'TestTrimBlocks::test_raw_no_trim_lstrip[raw +]',
    template: '{{x}}{% raw +%}\n\n  {% endraw +%}\n\n{{ y }}',
    lstripBlocks: true,
    raises: /./,
  },
]

/** pallets/jinja tests/test_lexnparse.py: the cases of nunjucks' default delimiters. */
export const LEXNPARSE_CASES: readonly JinjaCase[] = ROWS.map((row) => {
  const differs = DIFFERENCES[row.origin]
  return differs === undefined ? row : { ...row, differs }
})
