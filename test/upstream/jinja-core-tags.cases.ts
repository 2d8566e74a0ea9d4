import type { JinjaCase } from './jinja-cases.ts'

const range = (n: number) => Array.from({ length: n }, (_, i) => i)
/** Python's generator: a one-shot iterator. */
function* generate<T>(items: readonly T[]): Generator<T> {
  yield* items
}
const TREE = [
  { a: 1, b: [{ a: 1 }, { a: 2 }] },
  { a: 2, b: [{ a: 1 }, { a: 2 }] },
  { a: 3, b: [{ a: 'a' }] },
]
const CONTEXT_VARS = `{% for item in seq -%}
            {{ loop.index }}|{{ loop.index0 }}|{{ loop.revindex }}|{{
                loop.revindex0 }}|{{ loop.first }}|{{ loop.last }}|{{
               loop.length }}###{% endfor %}`
const ELIFS = range(999)
  .map((i) => `{% elif a == ${i + 1} %}${i + 1}`)
  .join('\n')
const ELIF_DEEP = `{% if a == 0 %}0${ELIFS}{% else %}x{% endif %}`
const MACRO_DEFAULTS = `
            {%- set x = 42 %}
            {%- macro m(a, b=x, x=23) %}{{ a }}|{{ b }}|{{ x }}{% endmacro -%}
        `
const PRINTS_BOOLEAN = {
  reason: "A value prints as JavaScript's String(): true, not Python's True (suppressValue).",
  where: 'nunjucks/src/runtime.js:184',
}
const DEFAULT_SCOPE =
  "nunjucks evaluates an argument's default in the caller's scope (the template's x, 42), where Jinja reads the macro's own x argument."
const WITH = `\
        {% with a=42, b=23 -%}
            {{ a }} = {{ b }}
        {% endwith -%}
            {{ a }} = {{ b }}\
        `

/** pallets/jinja tests/test_core_tags.py (env_trim: trimBlocks). */
export const CORE_TAG_CASES: readonly JinjaCase[] = [
  {
    origin: 'TestForLoop::test_simple',
    template: '{% for item in seq %}{{ item }}{% endfor %}',
    context: { seq: range(10) },
    expected: '0123456789',
  },
  {
    origin: 'TestForLoop::test_else',
    template: '{% for item in seq %}XXX{% else %}...{% endfor %}',
    expected: '...',
  },
  {
    origin: 'TestForLoop::test_else_scoping_item',
    template: '{% for item in [] %}{% else %}{{ item }}{% endfor %}',
    context: { item: 42 },
    expected: '42',
    differs: {
      reason:
        "nunjucks' for declares its loop variable for the else branch too, so it hides the outer value there.",
      where: 'nunjucks/src/compiler.js:691',
      renders: '',
    },
  },
  {
    origin: 'TestForLoop::test_empty_blocks',
    template: '<{% for item in seq %}{% else %}{% endfor %}>',
    expected: '<>',
  },
  ...(
    [
      ['list', () => [42, 24]],
      ['iter', () => [42, 24][Symbol.iterator]()],
      ['reversed', () => [24, 42].reverse()],
      ['generator', () => generate([42, 24])],
    ] as const
  ).map(([kind, seq]) => ({
    origin: `TestForLoop::test_context_vars[${kind}]`,
    template: CONTEXT_VARS,
    get context() {
      return { seq: seq() }
    },
    expected: '1|0|2|1|True|False|2###2|1|1|0|False|True|2###',
    differs: { ...PRINTS_BOOLEAN, renders: '1|0|2|1|true|false|2###2|1|1|0|false|true|2###' },
  })),
  {
    origin: 'TestForLoop::test_cycling',
    template: `{% for item in seq %}{{
            loop.cycle('<1>', '<2>') }}{% endfor %}{%
            for item in seq %}{{ loop.cycle(*through) }}{% endfor %}`,
    context: { seq: range(4), through: ['<1>', '<2>'] },
    expected: '<1><2><1><2><1><2><1><2>',
    differs: {
      reason:
        "nunjucks' calls take no *args (parseSignature reads names and values): named at compile time with its line.",
      where: 'nunjucks/src/parser.js:905',
      throws: /uses \*args in a call at line 3/,
    },
  },
  {
    origin: 'TestForLoop::test_lookaround',
    template: `{% for item in seq -%}
            {{ loop.previtem|default('x') }}-{{ item }}-{{
            loop.nextitem|default('x') }}|
        {%- endfor %}`,
    context: { seq: range(4) },
    expected: 'x-0-1|0-1-2|1-2-3|2-3-x|',
    differs: {
      reason:
        "nunjucks' loop has no previtem/nextitem (_emitLoopBindings): named at compile time with its line.",
      where: 'nunjucks/src/compiler.js:525',
      throws: /uses loop\.previtem at line 2/,
    },
  },
  {
    origin: 'TestForLoop::test_changed',
    template: `{% for item in seq -%}
            {{ loop.changed(item) }},
        {%- endfor %}`,
    context: { seq: [null, null, 1, 2, 2, 3, 4, 4, 4] },
    expected: 'True,False,True,True,False,True,True,False,False,',
    differs: {
      reason:
        "nunjucks' loop has no changed() (_emitLoopBindings): named at compile time with its line.",
      where: 'nunjucks/src/compiler.js:525',
      throws: /uses loop\.changed at line 2/,
    },
  },
  {
    origin: 'TestForLoop::test_scope',
    template: '{% for item in seq %}{% endfor %}{{ item }}',
    context: { seq: range(10) },
    expected: '',
  },
  {
    origin: 'TestForLoop::test_varlen',
    template: '{% for item in iter %}{{ item }}{% endfor %}',
    get context() {
      return { iter: generate(range(5)) }
    },
    expected: '01234',
  },
  {
    origin: 'TestForLoop::test_noniter',
    template: '{% for item in none %}...{% endfor %}',
    raises: /./,
    differs: {
      reason:
        "nunjucks' for skips none (and undefined) as an empty sequence, where Python raises TypeError.",
      where: 'nunjucks/src/compiler.js:567',
      renders: '',
    },
  },
  {
    origin: 'TestForLoop::test_recursive',
    template: `{% for item in seq recursive -%}
            [{{ item.a }}{% if item.b %}<{{ loop(item.b) }}>{% endif %}]
        {%- endfor %}`,
    context: { seq: TREE },
    expected: '[1<[1][2]>][2<[1][2]>][3<[a]>]',
    differs: {
      reason:
        "nunjucks' for has no recursive loops (parseFor reads no `recursive`): named at compile time with its line.",
      where: 'nunjucks/src/parser.js:125',
      throws: /uses recursive loops at line 1/,
    },
  },
  {
    origin: 'TestForLoop::test_recursive_lookaround',
    template: `{% for item in seq recursive -%}
            [{{ loop.previtem.a if loop.previtem is defined else 'x' }}.{{
            item.a }}.{{ loop.nextitem.a if loop.nextitem is defined else 'x'
            }}{% if item.b %}<{{ loop(item.b) }}>{% endif %}]
        {%- endfor %}`,
    context: { seq: TREE },
    expected: '[x.1.2<[x.1.2][1.2.x]>][1.2.3<[x.1.2][1.2.x]>][2.3.x<[x.a.x]>]',
    differs: {
      reason:
        "nunjucks' for has no recursive loops (parseFor reads no `recursive`): named at compile time with its line.",
      where: 'nunjucks/src/parser.js:125',
      throws: /uses recursive loops at line 1/,
    },
  },
  {
    origin: 'TestForLoop::test_recursive_depth0',
    template: `{% for item in seq recursive -%}
        [{{ loop.depth0 }}:{{ item.a }}{% if item.b %}<{{ loop(item.b) }}>{% endif %}]
        {%- endfor %}`,
    context: { seq: TREE },
    expected: '[0:1<[1:1][1:2]>][0:2<[1:1][1:2]>][0:3<[1:a]>]',
    differs: {
      reason:
        "nunjucks' for has no recursive loops (parseFor reads no `recursive`): named at compile time with its line.",
      where: 'nunjucks/src/parser.js:125',
      throws: /uses recursive loops at line 1/,
    },
  },
  {
    origin: 'TestForLoop::test_recursive_depth',
    template: `{% for item in seq recursive -%}
        [{{ loop.depth }}:{{ item.a }}{% if item.b %}<{{ loop(item.b) }}>{% endif %}]
        {%- endfor %}`,
    context: { seq: TREE },
    expected: '[1:1<[2:1][2:2]>][1:2<[2:1][2:2]>][1:3<[2:a]>]',
    differs: {
      reason:
        "nunjucks' for has no recursive loops (parseFor reads no `recursive`): named at compile time with its line.",
      where: 'nunjucks/src/parser.js:125',
      throws: /uses recursive loops at line 1/,
    },
  },
  {
    origin: 'TestForLoop::test_looploop',
    template: `{% for row in table %}
            {%- set rowloop = loop -%}
            {% for cell in row -%}
                [{{ rowloop.index }}|{{ loop.index }}]
            {%- endfor %}
        {%- endfor %}`,
    context: { table: ['ab', 'cd'] },
    expected: '[1|1][1|2][2|1][2|2]',
  },
  {
    origin: 'TestForLoop::test_reversed_bug',
    template: '{% for i in items %}{{ i }}{% if not loop.last %},{% endif %}{% endfor %}',
    get context() {
      return { items: [3, 2, 1].reverse()[Symbol.iterator]() }
    },
    expected: '1,2,3',
  },
  {
    origin: 'TestForLoop::test_loop_errors[loop in the filter]',
    template: `{% for item in [1] if loop.index
                                      == 0 %}...{% endfor %}`,
    raises: /loop/,
  },
  {
    origin: 'TestForLoop::test_loop_errors[loop in else]',
    template: `{% for item in [] %}...{% else
            %}{{ loop }}{% endfor %}`,
    expected: '',
  },
  {
    origin: 'TestForLoop::test_loop_filter[items]',
    template: '{% for item in range(10) if item is even %}[{{ item }}]{% endfor %}',
    expected: '[0][2][4][6][8]',
    differs: {
      reason:
        "nunjucks' for has no loop filter (parseFor reads no `if`): named at compile time with its line.",
      where: 'nunjucks/src/parser.js:125',
      throws: /uses a loop filter/,
    },
  },
  {
    origin: 'TestForLoop::test_loop_filter[loop.index]',
    template: `
            {%- for item in range(10) if item is even %}[{{
                loop.index }}:{{ item }}]{% endfor %}`,
    expected: '[1:0][2:2][3:4][4:6][5:8]',
    differs: {
      reason:
        "nunjucks' for has no loop filter (parseFor reads no `if`): named at compile time with its line.",
      where: 'nunjucks/src/parser.js:125',
      throws: /uses a loop filter/,
    },
  },
  {
    origin: 'TestForLoop::test_loop_unassignable',
    template: '{% for loop in seq %}...{% endfor %}',
    raises: /loop/,
    differs: {
      reason:
        'nunjucks lets a loop variable be named loop (parseFor takes any name), where Jinja refuses it.',
      where: 'nunjucks/src/parser.js:125',
      renders: '',
    },
  },
  {
    origin: 'TestForLoop::test_scoped_special_var',
    template:
      '{% for s in seq %}[{{ loop.first }}{% for c in s %}|{{ loop.first }}{% endfor %}]{% endfor %}',
    context: { seq: ['ab', 'cd'] },
    expected: '[True|True|False][False|True|False]',
    differs: {
      reason: "A value prints as JavaScript's String(): true, not Python's True (suppressValue).",
      where: 'nunjucks/src/runtime.js:184',
      renders: '[true|true|false][false|true|false]',
    },
  },
  {
    origin: 'TestForLoop::test_scoped_loop_var[outer]',
    template: '{% for x in seq %}{{ loop.first }}{% for y in seq %}{% endfor %}{% endfor %}',
    context: { seq: 'ab' },
    expected: 'TrueFalse',
    differs: {
      reason: "A value prints as JavaScript's String(): true, not Python's True (suppressValue).",
      where: 'nunjucks/src/runtime.js:184',
      renders: 'truefalse',
    },
  },
  {
    origin: 'TestForLoop::test_scoped_loop_var[inner]',
    template: '{% for x in seq %}{% for y in seq %}{{ loop.first }}{% endfor %}{% endfor %}',
    context: { seq: 'ab' },
    expected: 'TrueFalseTrueFalse',
    differs: {
      reason: "A value prints as JavaScript's String(): true, not Python's True (suppressValue).",
      where: 'nunjucks/src/runtime.js:184',
      renders: 'truefalsetruefalse',
    },
  },
  {
    origin: 'TestForLoop::test_recursive_empty_loop_iter',
    template: `
        {%- for item in foo recursive -%}{%- endfor -%}
        `,
    context: { foo: [] },
    expected: '',
    differs: {
      reason:
        "nunjucks' for has no recursive loops (parseFor reads no `recursive`): named at compile time with its line.",
      where: 'nunjucks/src/parser.js:125',
      throws: /uses recursive loops at line 2/,
    },
  },
  {
    origin: 'TestForLoop::test_call_in_loop',
    template: `
        {%- macro do_something() -%}
            [{{ caller() }}]
        {%- endmacro %}

        {%- for i in [1, 2, 3] %}
            {%- call do_something() -%}
                {{ i }}
            {%- endcall %}
        {%- endfor -%}
        `,
    expected: '[1][2][3]',
  },
  {
    origin: 'TestForLoop::test_scoping_bug',
    template: `
        {%- for item in foo %}...{{ item }}...{% endfor %}
        {%- macro item(a) %}...{{ a }}...{% endmacro %}
        {{- item(2) -}}
        `,
    context: { foo: [1] },
    expected: '...1......2...',
  },
  {
    origin: 'TestForLoop::test_unpacking',
    template: '{% for a, b, c in [[1, 2, 3]] %}{{ a }}|{{ b }}|{{ c }}{% endfor %}',
    expected: '1|2|3',
  },
  {
    origin: 'TestForLoop::test_intended_scoping_with_set[context]',
    template: '{% for item in seq %}{{ x }}{% set x = item %}{{ x }}{% endfor %}',
    context: { x: 0, seq: [1, 2, 3] },
    expected: '010203',
    differs: {
      reason:
        "nunjucks' {% set %} in a loop body assigns the enclosing scope's variable (Frame.set resolves up), where Jinja's lasts one iteration.",
      where: 'nunjucks/src/runtime.js:25',
      renders: '011223',
    },
  },
  {
    origin: 'TestForLoop::test_intended_scoping_with_set[set before]',
    template: '{% set x = 9 %}{% for item in seq %}{{ x }}{% set x = item %}{{ x }}{% endfor %}',
    context: { x: 0, seq: [1, 2, 3] },
    expected: '919293',
    differs: {
      reason:
        "nunjucks' {% set %} in a loop body assigns the enclosing scope's variable (Frame.set resolves up), where Jinja's lasts one iteration.",
      where: 'nunjucks/src/runtime.js:25',
      renders: '911223',
    },
  },
  {
    origin: 'TestIfCondition::test_simple',
    template: '{% if true %}...{% endif %}',
    expected: '...',
  },
  {
    origin: 'TestIfCondition::test_elif',
    template: `{% if false %}XXX{% elif true
            %}...{% else %}XXX{% endif %}`,
    expected: '...',
  },
  {
    origin: 'TestIfCondition::test_elif_deep',
    template: ELIF_DEEP,
    contexts: [{ a: 0 }, { a: 10 }, { a: 999 }, { a: 1000 }],
    compare: 'strip',
    expected: '0|10|999|x',
  },
  {
    origin: 'TestIfCondition::test_else',
    template: '{% if false %}XXX{% else %}...{% endif %}',
    expected: '...',
  },
  {
    origin: 'TestIfCondition::test_empty',
    template: '[{% if true %}{% else %}{% endif %}]',
    expected: '[]',
  },
  {
    origin: 'TestIfCondition::test_complete',
    template: '{% if a %}A{% elif b %}B{% elif c == d %}C{% else %}D{% endif %}',
    context: { a: 0, b: false, c: 42, d: 42.0 },
    expected: 'C',
  },
  {
    origin: 'TestIfCondition::test_no_scope[a]',
    template: '{% if a %}{% set foo = 1 %}{% endif %}{{ foo }}',
    context: { a: true },
    expected: '1',
  },
  {
    origin: 'TestIfCondition::test_no_scope[true]',
    template: '{% if true %}{% set foo = 1 %}{% endif %}{{ foo }}',
    expected: '1',
  },
  {
    origin: 'TestMacros::test_simple',
    template: `{% macro say_hello(name) %}Hello {{ name }}!{% endmacro %}
{{ say_hello('Peter') }}`,
    trimBlocks: true,
    expected: 'Hello Peter!',
  },
  {
    origin: 'TestMacros::test_scoping',
    template: `{% macro level1(data1) %}
{% macro level2(data2) %}{{ data1 }}|{{ data2 }}{% endmacro %}
{{ level2('bar') }}{% endmacro %}
{{ level1('foo') }}`,
    trimBlocks: true,
    expected: 'foo|bar',
    differs: {
      reason:
        "A macro defined in a macro does not see the outer macro's arguments: nunjucks gives each macro a new Frame.",
      where: 'nunjucks/src/compiler.js:740',
      renders: '|bar',
    },
  },
  {
    origin: 'TestMacros::test_arguments',
    template: `{% macro m(a, b, c='c', d='d') %}{{ a }}|{{ b }}|{{ c }}|{{ d }}{% endmacro %}
{{ m() }}|{{ m('a') }}|{{ m('a', 'b') }}|{{ m(1, 2, 3) }}`,
    trimBlocks: true,
    expected: '||c|d|a||c|d|a|b|c|d|1|2|3|d',
  },
  {
    origin: 'TestMacros::test_arguments_defaults_nonsense',
    template: '{% macro m(a, b=1, c) %}a={{ a }}, b={{ b }}, c={{ c }}{% endmacro %}',
    trimBlocks: true,
    raises: /./,
    differs: {
      reason:
        'nunjucks accepts a positional argument after a keyword one in a signature (parseSignature), where Jinja refuses it.',
      where: 'nunjucks/src/parser.js:905',
      renders: '',
    },
  },
  {
    origin: 'TestMacros::test_caller_defaults_nonsense',
    template: `{% macro a() %}{{ caller() }}{% endmacro %}
{% call(x, y=1, z) a() %}{% endcall %}`,
    trimBlocks: true,
    raises: /./,
    differs: {
      reason:
        'nunjucks accepts a positional argument after a keyword one in a signature (parseSignature), where Jinja refuses it.',
      where: 'nunjucks/src/parser.js:905',
      renders: '',
    },
  },
  {
    origin: 'TestMacros::test_varargs',
    template: `{% macro test() %}{{ varargs|join('|') }}{% endmacro %}{{ test(1, 2, 3) }}`,
    trimBlocks: true,
    expected: '1|2|3',
    differs: {
      reason:
        "nunjucks' macros have no varargs/kwargs (makeMacro drops extra arguments): named at compile time with its line.",
      where: 'nunjucks/src/runtime.js:72',
      throws: /uses varargs in a macro at line 1/,
    },
  },
  {
    origin: 'TestMacros::test_simple_call',
    template:
      '{% macro test() %}[[{{ caller() }}]]{% endmacro %}{% call test() %}data{% endcall %}',
    trimBlocks: true,
    expected: '[[data]]',
  },
  {
    origin: 'TestMacros::test_complex_call',
    template:
      "{% macro test() %}[[{{ caller('data') }}]]{% endmacro %}{% call(data) test() %}{{ data }}{% endcall %}",
    trimBlocks: true,
    expected: '[[data]]',
  },
  {
    origin: 'TestMacros::test_caller_undefined',
    template:
      '{% set caller = 42 %}{% macro test() %}{{ caller is not defined }}{% endmacro %}{{ test() }}',
    trimBlocks: true,
    expected: 'True',
    differs: {
      reason:
        "A nunjucks macro called without a call block sees the template's `caller` (its frame reads through to the context), and prints false, not True.",
      where: 'nunjucks/src/compiler.js:740',
      renders: 'false',
    },
  },
  {
    origin: 'TestMacros::test_include',
    template: {
      'case.txt': '{% from "include" import test %}{{ test("foo") }}',
      include: '{% macro test(foo) %}[{{ foo }}]{% endmacro %}',
    },
    expected: '[foo]',
  },
  {
    origin: 'TestMacros::test_callself',
    template:
      '{% macro foo(x) %}{{ x }}{% if x > 1 %}|{{ foo(x - 1) }}{% endif %}{% endmacro %}{{ foo(5) }}',
    trimBlocks: true,
    expected: '5|4|3|2|1',
  },
  ...(
    [
      ['m(1)', '1||23', '1|42|23'],
      ['m(1, 2)', '1|2|23', undefined],
      ['m(1, 2, 3)', '1|2|3', undefined],
      ['m(1, x=7)', '1|7|7', '1|42|7'],
    ] as const
  ).map(([call, expected, ours]) => ({
    origin: `TestMacros::test_macro_defaults_self_ref[${call}]`,
    template: `${MACRO_DEFAULTS}{{ ${call} }}`,
    expected,
    ...(ours === undefined
      ? {}
      : {
          differs: { reason: DEFAULT_SCOPE, where: 'nunjucks/src/compiler.js:740', renders: ours },
        }),
  })),
  {
    origin: 'TestSet::test_normal',
    template: '{% set foo = 1 %}{{ foo }}',
    trimBlocks: true,
    expected: '1',
  },
  {
    origin: 'TestSet::test_block',
    template: '{% set foo %}42{% endset %}{{ foo }}',
    trimBlocks: true,
    expected: '42',
  },
  {
    origin: 'TestSet::test_block_escaping',
    template: '{% set foo %}<em>{{ test }}</em>{% endset %}foo: {{ foo }}',
    autoescape: true,
    context: { test: '<unsafe>' },
    expected: 'foo: <em>&lt;unsafe&gt;</em>',
  },
  {
    origin: 'TestSet::test_set_invalid[subscript]',
    template: "{% set foo['bar'] = 1 %}",
    trimBlocks: true,
    raises: /./,
  },
  {
    origin: 'TestSet::test_set_invalid[non-namespace]',
    template: '{% set foo.bar = 1 %}',
    context: { foo: {} },
    trimBlocks: true,
    raises: /non-namespace object/,
  },
  {
    origin: 'TestSet::test_namespace_redefined',
    template: "{% set ns = namespace() %}{% set ns.bar = 'hi' %}",
    context: { namespace: () => ({}) },
    trimBlocks: true,
    raises: /non-namespace object/,
  },
  {
    origin: 'TestSet::test_namespace',
    template: "{% set ns = namespace() %}{% set ns.bar = '42' %}{{ ns.bar }}",
    trimBlocks: true,
    expected: '42',
  },
  {
    origin: 'TestSet::test_namespace_block',
    template: '{% set ns = namespace() %}{% set ns.bar %}42{% endset %}{{ ns.bar }}',
    trimBlocks: true,
    expected: '42',
  },
  {
    origin: 'TestSet::test_init_namespace',
    template:
      '{% set ns = namespace(d, self=37) %}{% set ns.b = 42 %}{{ ns.a }}|{{ ns.self }}|{{ ns.b }}',
    context: { d: { a: 13 } },
    trimBlocks: true,
    expected: '13|37|42',
  },
  ...([3, 4] as const).map((v) => ({
    origin: `TestSet::test_namespace_loop[${v}]`,
    template:
      '{% set ns = namespace(found=false) %}{% for x in range(4) %}{% if x == v %}{% set ns.found = true %}{% endif %}{% endfor %}{{ ns.found }}',
    context: { v },
    trimBlocks: true,
    expected: v === 3 ? 'True' : 'False',
    differs: { ...PRINTS_BOOLEAN, renders: v === 3 ? 'true' : 'false' },
  })),
  {
    origin: 'TestSet::test_namespace_macro',
    template:
      '{% set ns = namespace() %}{% set ns.a = 13 %}{% macro magic(x) %}{% set x.b = 37 %}{% endmacro %}{{ magic(ns) }}{{ ns.a }}|{{ ns.b }}',
    trimBlocks: true,
    expected: '13|37',
  },
  {
    origin: 'TestSet::test_namespace_set_tuple',
    template:
      '{% set ns = namespace(a=12, b=36) %}{% set ns.a, ns.b = ns.a + 1, ns.b + 1 %}{{ ns.a }}|{{ ns.b }}',
    trimBlocks: true,
    expected: '13|37',
    differs: {
      reason:
        "Only one namespace attribute per {% set %} is rewritten (nunjucks' parseSet takes names, not attributes): named at compile time with its line.",
      where: 'nunjucks/src/parser.js:360',
      throws: /uses \{% set a\.b, c\.d = … %\} at line 1/,
    },
  },
  {
    origin: 'TestSet::test_block_escaping_filtered',
    template: '{% set foo | trim %}<em>{{ test }}</em>    {% endset %}foo: {{ foo }}',
    autoescape: true,
    context: { test: '<unsafe>' },
    expected: 'foo: <em>&lt;unsafe&gt;</em>',
  },
  {
    origin: 'TestSet::test_block_filtered',
    template: '{% set foo | trim | length | string %} 42    {% endset %}{{ foo }}',
    trimBlocks: true,
    expected: '2',
  },
  {
    origin: 'TestSet::test_block_filtered_set',
    template:
      '{% set a = " xxx " %}{% set foo | myfilter(a) | trim | length | string %} {% set b = " yy " %} 42 {{ a }}{{ b }}   {% endset %}{{ foo }}',
    filters: {
      myfilter: (value: unknown, arg: unknown) => {
        if (arg !== ' xxx ') throw new Error(`myfilter's argument: ${String(arg)}`)
        return value
      },
    },
    trimBlocks: true,
    expected: '11',
  },
  {
    origin: 'TestWith::test_with',
    template: WITH,
    context: { a: 1, b: 2 },
    compare: 'words',
    expected: '42 = 23 1 = 2',
  },
  {
    origin: 'TestWith::test_with_argument_scoping',
    template: `\
        {%- with a=1, b=2, c=b, d=e, e=5 -%}
            {{ a }}|{{ b }}|{{ c }}|{{ d }}|{{ e }}
        {%- endwith -%}
        `,
    context: { b: 3, e: 4 },
    expected: '1|2|3|4|5',
  },
]
