import type { JinjaCase } from './jinja-cases.ts'

/** Python's `Magic`: a value that prints as its `value`. */
const magic = (value: unknown) => ({ value, toString: () => String(value) })
const range = (n: number) => Array.from({ length: n }, (_, i) => i)
const foo = { aa: 0, b: 1, c: 2, AB: 3 }

/** pallets/jinja tests/test_filters.py, the cases of a web template's filters. */
export const FILTER_CASES: readonly JinjaCase[] = [
  {
    origin: 'TestFilter::test_capitalize',
    template: '{{ "foo bar"|capitalize }}',
    expected: 'Foo bar',
  },
  { origin: 'TestFilter::test_center', template: '{{ "foo"|center(9) }}', expected: '   foo   ' },
  {
    origin: 'TestFilter::test_default',
    template:
      "{{ missing|default('no') }}|{{ false|default('no') }}|{{ false|default('no', true) }}|{{ given|default('no') }}",
    context: { given: 'yes' },
    expected: 'no|False|no|yes',
    differs: {
      reason: "A value prints as JavaScript's String(): false, not Python's False (suppressValue).",
      where: 'nunjucks/src/runtime.js:184',
      renders: 'no|false|no|yes',
    },
  },
  {
    origin: 'TestFilter::test_dictsort[]',
    template: '{{ foo|dictsort }}',
    context: { foo },
    expected: "[('aa', 0), ('AB', 3), ('b', 1), ('c', 2)]",
    differs: {
      reason:
        "A list prints as JavaScript's String() (items joined by commas), not Python's repr (suppressValue).",
      where: 'nunjucks/src/runtime.js:184',
      renders: 'aa,0,AB,3,b,1,c,2',
    },
  },
  {
    origin: 'TestFilter::test_dictsort[] (items joined)',
    template: '{% for k, v in foo|dictsort %}{{ k }}={{ v }};{% endfor %}',
    context: { foo },
    expected: 'aa=0;AB=3;b=1;c=2;',
  },
  {
    origin: 'TestFilter::test_dictsort[true]',
    template: '{% for k, v in foo|dictsort(true) %}{{ k }}={{ v }};{% endfor %}',
    context: { foo },
    expected: 'AB=3;aa=0;b=1;c=2;',
  },
  {
    origin: 'TestFilter::test_dictsort[by="value"]',
    template: "{% for k, v in foo|dictsort(by='value') %}{{ k }}={{ v }};{% endfor %}",
    context: { foo },
    expected: 'aa=0;b=1;c=2;AB=3;',
  },
  {
    origin: 'TestFilter::test_dictsort[reverse=true]',
    template: '{% for k, v in foo|dictsort(reverse=true) %}{{ k }}={{ v }};{% endfor %}',
    context: { foo },
    expected: 'c=2;b=1;AB=3;aa=0;',
  },
  {
    origin: 'TestFilter::test_batch',
    template: "{{ foo|batch(3)|list }}|{{ foo|batch(3, 'X')|list }}",
    context: { foo: range(10) },
    expected:
      "[[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]|[[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 'X', 'X']]",
    differs: {
      reason:
        "A list prints as JavaScript's String() (items joined by commas), not Python's repr (suppressValue).",
      where: 'nunjucks/src/runtime.js:184',
      renders: '0,1,2,3,4,5,6,7,8,9|0,1,2,3,4,5,6,7,8,9,X,X',
    },
  },
  {
    origin: 'TestFilter::test_batch (joined)',
    template: "{% for row in foo|batch(3, 'X') %}{{ row|join(',') }};{% endfor %}",
    context: { foo: range(10) },
    expected: '0,1,2;3,4,5;6,7,8;9,X,X;',
  },
  {
    origin: 'TestFilter::test_slice (joined)',
    template: "{% for col in foo|slice(3, 'X') %}{{ col|join(',') }};{% endfor %}",
    context: { foo: range(10) },
    expected: '0,1,2,3;4,5,6,X;7,8,9,X;',
  },
  {
    origin: 'TestFilter::test_escape',
    template: `{{ '<">&'|escape }}`,
    expected: '&lt;&#34;&gt;&amp;',
    differs: {
      reason:
        'nunjucks escapes " as &quot; and \' as &#39; (its escapeMap, used by autoescape too), where markupsafe writes &#34; and &#39;: the same HTML.',
      where: 'nunjucks/src/lib.js:5',
      renders: '&lt;&quot;&gt;&amp;',
    },
  },
  {
    origin: 'TestFilter::test_trim[None]',
    template: '{{ foo|trim(chars) }}',
    context: { foo: '  ..stays..', chars: null },
    expected: '..stays..',
  },
  {
    origin: 'TestFilter::test_trim[.]',
    template: '{{ foo|trim(chars) }}',
    context: { foo: '  ..stays..', chars: '.' },
    expected: '  ..stays',
  },
  {
    origin: 'TestFilter::test_trim[ .]',
    template: '{{ foo|trim(chars) }}',
    context: { foo: '  ..stays..', chars: ' .' },
    expected: 'stays',
  },
  {
    origin: 'TestFilter::test_striptags',
    template: '{{ foo|striptags }}',
    context: {
      foo: '  <p>just a small   \n <a href="#">example</a> link</p>\n<p>to a webpage</p> <!-- <p>and some commented stuff</p> -->',
    },
    expected: 'just a small example link to a webpage',
  },
  {
    origin: 'TestFilter::test_filesizeformat',
    template:
      '{{ 100|filesizeformat }}|{{ 1000|filesizeformat }}|{{ 1000000|filesizeformat }}|{{ 1000000000|filesizeformat }}|{{ 1000000000000|filesizeformat }}|{{ 100|filesizeformat(true) }}|{{ 1000|filesizeformat(true) }}|{{ 1000000|filesizeformat(true) }}|{{ 1000000000|filesizeformat(true) }}|{{ 1000000000000|filesizeformat(true) }}',
    expected:
      '100 Bytes|1.0 kB|1.0 MB|1.0 GB|1.0 TB|100 Bytes|1000 Bytes|976.6 KiB|953.7 MiB|931.3 GiB',
  },
  {
    origin: 'TestFilter::test_filesizeformat_issue59',
    template:
      '{{ 300|filesizeformat }}|{{ 3000|filesizeformat }}|{{ 3000000|filesizeformat }}|{{ 3000000000|filesizeformat }}|{{ 3000000000000|filesizeformat }}|{{ 300|filesizeformat(true) }}|{{ 3000|filesizeformat(true) }}|{{ 3000000|filesizeformat(true) }}',
    expected: '300 Bytes|3.0 kB|3.0 MB|3.0 GB|3.0 TB|300 Bytes|2.9 KiB|2.9 MiB',
  },
  {
    origin: 'TestFilter::test_first',
    template: '{{ foo|first }}',
    context: { foo: range(10) },
    expected: '0',
  },
  {
    origin: 'TestFilter::test_float[42]',
    template: '{{ value|float }}',
    context: { value: '42' },
    expected: '42.0',
    differs: {
      reason: "A whole float prints as 42, not Python's 42.0: JavaScript has one number type.",
      where: 'nunjucks/src/runtime.js:184',
      renders: '42',
    },
  },
  {
    origin: 'TestFilter::test_float[abc]',
    template: '{{ value|float }}',
    context: { value: 'abc' },
    expected: '0.0',
    differs: {
      reason:
        "nunjucks' float gives its default (none given: undefined, printed empty) where Jinja gives 0.0.",
      where: 'nunjucks/src/filters.js:530',
      renders: '',
    },
  },
  {
    origin: 'TestFilter::test_float[32.32]',
    template: '{{ value|float }}',
    context: { value: '32.32' },
    expected: '32.32',
  },
  {
    origin: 'TestFilter::test_format',
    template: "{{ '%s|%s'|format('a', 'b') }}",
    expected: 'a|b',
  },
  {
    origin: 'TestFilter::test_indent[first=true]',
    template: '{{ "jinja"|indent(first=true) }}',
    expected: '    jinja',
  },
  {
    origin: 'TestFilter::test_indent[default]',
    template: '{{ "jinja"|indent }}',
    expected: 'jinja',
  },
  {
    origin: 'TestFilter::test_indent[2, false, false]',
    template: '{{ foo|indent(2, false, false) }}',
    context: { foo: '\nfoo bar\n"baz"\n' },
    expected: '\n  foo bar\n  "baz"\n',
  },
  {
    origin: 'TestFilter::test_indent[2, true, false]',
    template: '{{ foo|indent(2, true, false) }}',
    context: { foo: '\nfoo bar\n"baz"\n' },
    expected: '  \n  foo bar\n  "baz"\n',
  },
  {
    origin: 'TestFilter::test_int[42]',
    template: '{{ value|int }}',
    context: { value: '42' },
    expected: '42',
  },
  {
    origin: 'TestFilter::test_int[abc]',
    template: '{{ value|int }}',
    context: { value: 'abc' },
    expected: '0',
  },
  {
    origin: 'TestFilter::test_int[32.32]',
    template: '{{ value|int }}',
    context: { value: '32.32' },
    expected: '32',
  },
  {
    origin: 'TestFilter::test_int_base[0x4d32-16]',
    template: '{{ value|int(base=base) }}',
    context: { value: '0x4d32', base: 16 },
    expected: '19762',
  },
  {
    origin: 'TestFilter::test_int_base[011-8]',
    template: '{{ value|int(base=base) }}',
    context: { value: '011', base: 8 },
    expected: '9',
  },
  {
    origin: 'TestFilter::test_int_base[0x33Z-16]',
    template: '{{ value|int(base=base) }}',
    context: { value: '0x33Z', base: 16 },
    expected: '0',
  },
  {
    origin: 'TestFilter::test_indent[blank=true]',
    template: '{{ "jinja"|indent(blank=true) }}',
    expected: 'jinja',
  },
  {
    origin: 'TestFilter::test_indent[2, true, true]',
    template: '{{ foo|indent(2, true, true) }}',
    context: { foo: '\nfoo bar\n"baz"\n' },
    expected: '  \n  foo bar\n  "baz"\n  ',
  },
  {
    origin: 'TestFilter::test_indent_width_string',
    template: "{{ 'jinja\nflask'|indent(width='>>> ', first=True) }}",
    expected: '>>> jinja\n>>> flask',
  },
  {
    origin: 'TestFilter::test_int_default',
    template: '{{ value|int(default=1) }}',
    context: { value: 'abc' },
    expected: '1',
  },
  { origin: 'TestFilter::test_join', template: '{{ [1, 2, 3]|join("|") }}', expected: '1|2|3' },
  {
    origin: 'TestFilter::test_join (autoescape)',
    template: '{{ ["<foo>", "<span>foo</span>"|safe]|join }}',
    autoescape: true,
    expected: '&lt;foo&gt;<span>foo</span>',
  },
  {
    origin: 'TestFilter::test_join_attribute',
    template: "{{ users|join(', ', 'username') }}",
    context: { users: [{ username: 'foo' }, { username: 'bar' }] },
    expected: 'foo, bar',
  },
  {
    origin: 'TestFilter::test_last',
    template: '{{ foo|last }}',
    context: { foo: range(10) },
    expected: '9',
  },
  { origin: 'TestFilter::test_length', template: '{{ "hello world"|length }}', expected: '11' },
  { origin: 'TestFilter::test_lower', template: '{{ "FOO"|lower }}', expected: 'foo' },
  {
    origin: 'TestFilter::test_items (joined)',
    template: '{% for k, v in d|items %}{{ k }}:{{ v }};{% endfor %}',
    context: { d: { 0: 'a', 1: 'b', 2: 'c' } },
    expected: '0:a;1:b;2:c;',
  },
  {
    origin: 'TestFilter::test_items_undefined (joined)',
    template: '{{ d|items|join(",") }}',
    expected: '',
  },
  {
    origin: 'TestFilter::test_reverse',
    template: "{{ 'foobar'|reverse|join }}|{{ [1, 2, 3]|reverse|list }}",
    expected: 'raboof|[3, 2, 1]',
    differs: {
      reason:
        "A list prints as JavaScript's String() (items joined by commas), not Python's repr (suppressValue).",
      where: 'nunjucks/src/runtime.js:184',
      renders: 'raboof|3,2,1',
    },
  },
  {
    origin: 'TestFilter::test_string',
    template: '{{ obj|string }}',
    context: { obj: [1, 2, 3, 4, 5] },
    expected: '[1, 2, 3, 4, 5]',
    differs: {
      reason:
        "A list prints as JavaScript's String() (items joined by commas), not Python's repr (suppressValue).",
      where: 'nunjucks/src/runtime.js:184',
      renders: '1,2,3,4,5',
    },
  },
  {
    origin: 'TestFilter::test_title[foo bar]',
    template: '{{ "foo bar"|title }}',
    expected: 'Foo Bar',
  },
  {
    origin: "TestFilter::test_title[foo's bar]",
    template: `{{ "foo's bar"|title }}`,
    expected: "Foo's Bar",
  },
  {
    origin: 'TestFilter::test_title[foo-bar]',
    template: '{{ "foo-bar"|title }}',
    expected: 'Foo-Bar',
  },
  {
    origin: 'TestFilter::test_title[FOO\\tBAR]',
    template: '{{ "FOO\tBAR"|title }}',
    expected: 'Foo\tBar',
  },
  {
    origin: 'TestFilter::test_title[foo (bar)]',
    template: '{{ "foo (bar)"|title }}',
    expected: 'Foo (Bar)',
  },
  {
    origin: 'TestFilter::test_truncate',
    template:
      '{{ data|truncate(15, true, ">>>") }}|{{ data|truncate(15, false, ">>>") }}|{{ smalldata|truncate(15) }}',
    context: { data: 'foobar baz bar'.repeat(1000), smalldata: 'foobar baz bar' },
    expected: 'foobar baz b>>>|foobar baz>>>|foobar baz bar',
  },
  {
    origin: 'TestFilter::test_truncate_very_short',
    template: '{{ "foo bar baz"|truncate(9) }}|{{ "foo bar baz"|truncate(9, true) }}',
    expected: 'foo bar baz|foo bar baz',
  },
  {
    origin: 'TestFilter::test_truncate_end_length',
    template: '{{ "Joel is a slug"|truncate(7, true) }}',
    expected: 'Joel...',
  },
  { origin: 'TestFilter::test_upper', template: '{{ "foo"|upper }}', expected: 'FOO' },
  {
    origin: 'TestFilter::test_urlize[example.org]',
    template: '{{ "foo example.org bar"|urlize }}',
    expected: 'foo <a href="https://example.org" rel="noopener">example.org</a> bar',
    differs: {
      reason:
        'nunjucks\' urlize links a bare domain with http:// and adds no rel="noopener"; Jinja\'s urlize is not ported yet.',
      where: 'nunjucks/src/filters.js:486',
      renders: 'foo <a href="http://example.org">example.org</a> bar',
    },
  },
  {
    origin: 'TestFilter::test_urlize[http://www.example.com/]',
    template: '{{ "foo http://www.example.com/ bar"|urlize }}',
    expected:
      'foo <a href="http://www.example.com/" rel="noopener">http://www.example.com/</a> bar',
    differs: {
      reason: 'nunjucks\' urlize adds no rel="noopener"; Jinja\'s urlize is not ported yet.',
      where: 'nunjucks/src/filters.js:486',
      renders: 'foo <a href="http://www.example.com/">http://www.example.com/</a> bar',
    },
  },
  {
    origin: 'TestFilter::test_urlize[email@example.com]',
    template: '{{ "foo email@example.com bar"|urlize }}',
    expected: 'foo <a href="mailto:email@example.com">email@example.com</a> bar',
  },
  {
    origin: 'TestFilter::test_wordcount',
    template: '{{ "foo bar baz"|wordcount }}',
    expected: '3',
  },
  {
    origin: 'TestFilter::test_block',
    template: '{% filter lower|escape %}<HEHE>{% endfilter %}',
    expected: '&lt;hehe&gt;',
    differs: {
      reason:
        "{% filter %} takes one filter: nunjucks' parseFilterStatement reads a single name and its arguments, not a chain (lower|escape).",
      where: 'nunjucks/src/parser.js:848',
      throws: /expected block end in filter statement/,
    },
  },
  {
    origin: 'TestFilter::test_chaining',
    template: "{{ ['<foo>', '<bar>']|first|upper|escape }}",
    expected: '&lt;FOO&gt;',
  },
  { origin: 'TestFilter::test_sum', template: '{{ [1, 2, 3, 4, 5, 6]|sum }}', expected: '21' },
  {
    origin: 'TestFilter::test_sum_attributes',
    template: "{{ values|sum('value') }}",
    context: { values: [{ value: 23 }, { value: 1 }, { value: 18 }] },
    expected: '42',
  },
  {
    origin: 'TestFilter::test_sum_attributes_nested',
    template: "{{ values|sum('real.value') }}",
    context: { values: [{ real: { value: 23 } }, { real: { value: 1 } }, { real: { value: 18 } }] },
    expected: '42',
  },
  {
    origin: 'TestFilter::test_sum_attributes_tuple',
    template: "{{ values.items()|sum('1') }}",
    context: { values: { foo: 23, bar: 1, baz: 18 } },
    expected: '42',
  },
  { origin: 'TestFilter::test_abs', template: '{{ -1|abs }}|{{ 1|abs }}', expected: '1|1' },
  {
    origin: 'TestFilter::test_round_positive',
    template:
      "{{ 2.7|round }}|{{ 2.1|round }}|{{ 2.1234|round(3, 'floor') }}|{{ 2.1|round(0, 'ceil') }}",
    expected: '3.0|2.0|2.123|3.0',
    differs: {
      reason: "A whole float prints as 3, not Python's 3.0: JavaScript has one number type.",
      where: 'nunjucks/src/runtime.js:184',
      renders: '3|2|2.123|3',
    },
  },
  {
    origin: 'TestFilter::test_round_negative',
    template: "{{ 21.3|round(-1)}}|{{ 21.3|round(-1, 'ceil')}}|{{ 21.3|round(-1, 'floor')}}",
    expected: '20.0|30.0|20.0',
    differs: {
      reason: "A whole float prints as 20, not Python's 20.0: JavaScript has one number type.",
      where: 'nunjucks/src/runtime.js:184',
      renders: '20|30|20',
    },
  },
  {
    origin: 'TestFilter::test_xmlattr',
    template:
      "{{ {'foo': 42, 'bar': 23, 'fish': none, 'spam': missing, 'blub:blub': '<?>'}|xmlattr }}",
    expected: ' foo="42" bar="23" blub:blub="&lt;?&gt;"',
  },
  {
    origin: 'TestFilter::test_sort1',
    template: '{{ [2, 3, 1]|sort }}|{{ [2, 3, 1]|sort(true) }}',
    expected: '[1, 2, 3]|[3, 2, 1]',
    differs: {
      reason:
        "A list prints as JavaScript's String() (items joined by commas), not Python's repr (suppressValue).",
      where: 'nunjucks/src/runtime.js:184',
      renders: '1,2,3|3,2,1',
    },
  },
  {
    origin: 'TestFilter::test_sort1 (joined)',
    template: '{{ [2, 3, 1]|sort|join(",") }}|{{ [2, 3, 1]|sort(true)|join(",") }}',
    expected: '1,2,3|3,2,1',
  },
  {
    origin: 'TestFilter::test_sort2',
    template: '{{ "".join(["c", "A", "b", "D"]|sort) }}',
    expected: 'AbcD',
  },
  {
    origin: 'TestFilter::test_sort4',
    template: "{{ items|sort(attribute='value')|join }}",
    context: { items: [3, 2, 4, 1].map(magic) },
    expected: '1234',
  },
  {
    origin: 'TestFilter::test_sort6',
    template: "{{ items|sort(attribute='value1,value2')|join }}",
    context: {
      items: [
        [3, 1],
        [2, 2],
        [2, 1],
        [2, 5],
      ].map(([value1, value2]) => ({ value1, value2, toString: () => `(${value1},${value2})` })),
    },
    expected: '(2,1)(2,2)(2,5)(3,1)',
  },
  {
    origin: 'TestFilter::test_unique',
    template: '{{ "".join(["b", "A", "a", "b"]|unique) }}',
    expected: 'bA',
  },
  {
    origin: 'TestFilter::test_unique_case_sensitive',
    template: '{{ "".join(["b", "A", "a", "b"]|unique(true)) }}',
    expected: 'bAa',
  },
  {
    origin: 'TestFilter::test_unique_attribute',
    template: "{{ items|unique(attribute='value')|join }}",
    context: { items: [3, 2, 4, 1, 2].map(magic) },
    expected: '3241',
  },
  { origin: 'TestFilter::test_min_max[min]', template: '{{ ["a", "B"]|min }}', expected: 'a' },
  {
    origin: 'TestFilter::test_min_max[min case_sensitive]',
    template: '{{ ["a", "B"]|min(case_sensitive=true) }}',
    expected: 'B',
  },
  { origin: 'TestFilter::test_min_max[min empty]', template: '{{ []|min }}', expected: '' },
  { origin: 'TestFilter::test_min_max[max]', template: '{{ ["a", "B"]|max }}', expected: 'B' },
  {
    origin: 'TestFilter::test_min_max[max case_sensitive]',
    template: '{{ ["a", "B"]|max(case_sensitive=true) }}',
    expected: 'a',
  },
  {
    origin: 'TestFilter::test_min_max_attribute[min]',
    template: '{{ items|min(attribute="value") }}',
    context: { items: [5, 1, 9].map(magic) },
    expected: '1',
  },
  {
    origin: 'TestFilter::test_min_max_attribute[max]',
    template: '{{ items|max(attribute="value") }}',
    context: { items: [5, 1, 9].map(magic) },
    expected: '9',
  },
  {
    origin: 'TestFilter::test_groupby',
    template:
      "{%- for grouper, list in [{'foo': 1, 'bar': 2}, {'foo': 2, 'bar': 3}, {'foo': 1, 'bar': 1}, {'foo': 3, 'bar': 4}]|groupby('foo') -%}{{ grouper }}{% for x in list %}: {{ x.foo }}, {{ x.bar }}{% endfor %}|{%- endfor %}",
    expected: '1: 1, 2: 1, 1|2: 2, 3|3: 3, 4|',
  },
  {
    origin: 'TestFilter::test_groupby_tuple_index',
    template:
      "{%- for grouper, list in [('a', 1), ('a', 2), ('b', 1)]|groupby(0) -%}{{ grouper }}{% for x in list %}:{{ x.1 }}{% endfor %}|{%- endfor %}",
    expected: 'a:1:2|b:1|',
    differs: {
      reason:
        "nunjucks compiles a tuple literal ('a', 1) as JavaScript's comma operator (its last value), not a sequence.",
      where: 'nunjucks/src/compiler.js:247',
      renders: ':::|',
    },
  },
  {
    origin: 'TestFilter::test_groupby_multidot',
    template:
      "{%- for year, list in articles|groupby('date.year') -%}{{ year }}{% for x in list %}[{{ x.title }}]{% endfor %}|{%- endfor %}",
    context: {
      articles: [
        ['aha', 1970],
        ['interesting', 1970],
        ['really?', 1970],
        ['totally not', 1971],
      ].map(([title, year]) => ({ title, date: { day: 1, month: 1, year } })),
    },
    expected: '1970[aha][interesting][really?]|1971[totally not]|',
  },
  {
    origin: 'TestFilter::test_groupby_default',
    template:
      "{% for city, items in users|groupby('city', default='NY') %}{{ city }}: {{ items|map(attribute='name')|join(', ') }}\n{% endfor %}",
    context: {
      users: [{ name: 'emma', city: 'NY' }, { name: 'smith', city: 'WA' }, { name: 'john' }],
    },
    expected: 'NY: emma, john\nWA: smith\n',
  },
  {
    origin: 'TestFilter::test_filtertag',
    template: "{% filter upper|replace('FOO', 'foo') %}foobar{% endfilter %}",
    expected: 'fooBAR',
    differs: {
      reason:
        "{% filter %} takes one filter: nunjucks' parseFilterStatement reads a single name and its arguments, not a chain (upper|replace(...)).",
      where: 'nunjucks/src/parser.js:848',
      throws: /expected block end in filter statement/,
    },
  },
  {
    origin: 'TestFilter::test_replace',
    template: '{{ string|replace("o", 42) }}',
    context: { string: '<foo>' },
    expected: '<f4242>',
  },
  {
    origin: 'TestFilter::test_replace (autoescape)',
    template: '{{ string|replace("o", 42) }}',
    context: { string: '<foo>' },
    autoescape: true,
    expected: '&lt;f4242&gt;',
  },
  {
    origin: 'TestFilter::test_safe',
    template: '{{ "<div>foo</div>"|safe }}',
    autoescape: true,
    expected: '<div>foo</div>',
  },
  {
    origin: 'TestFilter::test_safe (escaped)',
    template: '{{ "<div>foo</div>" }}',
    autoescape: true,
    expected: '&lt;div&gt;foo&lt;/div&gt;',
  },
  {
    origin: 'TestFilter::test_urlencode[Hello, world!]',
    template: '{{ value|urlencode }}',
    context: { value: 'Hello, world!' },
    autoescape: true,
    expected: 'Hello%2C%20world%21',
  },
  {
    origin: 'TestFilter::test_urlencode[{"f": 1}]',
    template: '{{ value|urlencode }}',
    context: { value: { f: 1 } },
    autoescape: true,
    expected: 'f=1',
  },
  {
    origin: 'TestFilter::test_urlencode[a b/c]',
    template: '{{ value|urlencode }}',
    context: { value: 'a b/c' },
    autoescape: true,
    expected: 'a%20b/c',
  },
  {
    origin: 'TestFilter::test_simple_map',
    template: '{{ ["1", "2", "3"]|map("int")|sum }}',
    expected: '6',
  },
]
