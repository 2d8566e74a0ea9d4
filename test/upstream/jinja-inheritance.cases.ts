import type { JinjaCase } from './jinja-cases.ts'

const LAYOUT = `|{% block block1 %}block 1 from layout{% endblock %}
|{% block block2 %}block 2 from layout{% endblock %}
|{% block block3 %}
{% block block4 %}nested block 4 from layout{% endblock %}
{% endblock %}|`
const LEVEL1 = `{% extends "layout" %}
{% block block1 %}block 1 from level1{% endblock %}`
const LEVEL2 = `{% extends "level1" %}
{% block block2 %}{% block block5 %}nested block 5 from level2{%
endblock %}{% endblock %}`
const LEVEL3 = `{% extends "level2" %}
{% block block5 %}block 5 from level3{% endblock %}
{% block block4 %}block 4 from level3{% endblock %}
`
const LEVEL4 = `{% extends "level3" %}
{% block block3 %}block 3 from level4{% endblock %}
`
const WORKING = `{% extends "layout" %}
{% block block1 %}
  {% if false %}
    {% block block2 %}
      this should work
    {% endblock %}
  {% endif %}
{% endblock %}
`
const DOUBLE_EXTENDS = `{% extends "layout" %}
{% extends "layout" %}
{% block block1 %}
  {% if false %}
    {% block block2 %}
      this should work
    {% endblock %}
  {% endif %}
{% endblock %}
`
/** `templates` with `name` first (the one rendered). */
const first = (name: string, templates: Readonly<Record<string, string>>) =>
  Object.fromEntries([
    [name, templates[name] as string],
    ...Object.entries(templates).filter(([key]) => key !== name),
  ])
/** The fixture's DictLoader, with `name` rendered. */
const levels = (name: string) => {
  const all: Record<string, string> = {
    layout: LAYOUT,
    level1: LEVEL1,
    level2: LEVEL2,
    level3: LEVEL3,
    level4: LEVEL4,
    working: WORKING,
    doublee: DOUBLE_EXTENDS,
  }
  return first(name, all)
}
const DEFAULTS = {
  default1: 'DEFAULT1{% block x %}{% endblock %}',
  default2: 'DEFAULT2{% block x %}{% endblock %}',
}
const MULTI = {
  child:
    "{% if default %}{% extends default %}{% else %}{% extends 'default1' %}{% endif %}{% block x %}CHILD{% endblock %}",
  ...DEFAULTS,
}
const REQUIRED_3 = {
  default: '{% block x required %}{% endblock %}',
  level1: "{% extends 'default' %}",
  level2: "{% extends 'level1' %}{% block x %}[2]{% endblock %}",
  level3: "{% extends 'level2' %}",
}
const INVALID_REQUIRED: Record<string, string> = {
  empty: '{% block x required %}{% endblock %}',
  blank: '{% block x required %} {# c #}{% endblock %}',
  text: '{% block x required %}data {# c #}{% endblock %}',
  block: '{% block x required %}{% block y %}{% endblock %}{% endblock %}',
  if: '{% block x required %}{% if true %}{% endif %}{% endblock %}',
}
const TOP = '{% extends t %}{% block x %}CHILD{% endblock %}'
const REQUIRED_REASON = /Required blocks can only contain comments or whitespace/

/** pallets/jinja tests/test_inheritance.py (the fixture's Environment: trimBlocks). */
export const INHERITANCE_CASES: readonly JinjaCase[] = [
  ...(
    [
      ['layout', '|block 1 from layout|block 2 from layout|nested block 4 from layout|'],
      ['level1', '|block 1 from level1|block 2 from layout|nested block 4 from layout|'],
      ['level2', '|block 1 from level1|nested block 5 from level2|nested block 4 from layout|'],
      ['level3', '|block 1 from level1|block 5 from level3|block 4 from level3|'],
      ['level4', '|block 1 from level1|block 5 from level3|block 3 from level4|'],
    ] as const
  ).map(([name, expected]) => ({
    origin: `TestInheritance::test_${name}`,
    template: levels(name),
    trimBlocks: true,
    expected,
  })),
  {
    origin: 'TestInheritance::test_super',
    template: {
      c: '{% extends "b" %}{% block intro %}--{{ super() }}--{% endblock %}\n{% block data %}[{{ super() }}]{% endblock %}',
      a: '{% block intro %}INTRO{% endblock %}|BEFORE|{% block data %}INNER{% endblock %}|AFTER',
      b: '{% extends "a" %}{% block data %}({{ super() }}){% endblock %}',
    },
    expected: '--INTRO--|BEFORE|[(INNER)]|AFTER',
  },
  {
    origin: 'TestInheritance::test_working',
    template: levels('working'),
    trimBlocks: true,
    compiles: true,
  },
  {
    origin: 'TestInheritance::test_reuse_blocks',
    template: '{{ self.foo() }}|{% block foo %}42{% endblock %}|{{ self.foo() }}',
    trimBlocks: true,
    expected: '42|42|42',
    differs: {
      reason:
        'nunjucks has no `self`: a block cannot be called as a function (blocks are only rendered in place); named at compile time with its line.',
      where: 'nunjucks/src/environment.js:359',
      throws: /uses self\.\w+\(\) at line 1/,
    },
  },
  {
    origin: 'TestInheritance::test_preserve_blocks',
    template: {
      b: '{% extends "a" %}{% block x %}B{{ super() }}{% endblock %}',
      a: '{% if false %}{% block x %}A{% endblock %}{% endif %}{{ self.x() }}',
    },
    expected: 'BA',
    differs: {
      reason:
        'nunjucks has no `self`: a block cannot be called as a function (blocks are only rendered in place); named at compile time with its line.',
      where: 'nunjucks/src/environment.js:359',
      throws: /uses self\.\w+\(\) at line 1/,
    },
  },
  ...([1, 2] as const).map((m) => ({
    origin: `TestInheritance::test_dynamic_inheritance[default${m}]`,
    template: { child: '{% extends default %}{% block x %}CHILD{% endblock %}', ...DEFAULTS },
    context: { default: `default${m}` },
    expected: `DEFAULT${m}CHILD`,
  })),
  ...(
    [
      ['default2', 'DEFAULT2CHILD'],
      ['default1', 'DEFAULT1CHILD'],
      [undefined, 'DEFAULT1CHILD'],
    ] as const
  ).map(([name, expected]) => ({
    origin: `TestInheritance::test_multi_inheritance[${name ?? 'none'}]`,
    template: MULTI,
    context: name === undefined ? {} : { default: name },
    expected,
  })),
  {
    origin: 'TestInheritance::test_scoped_block',
    template: {
      'case.html': "{% extends 'default.html' %}{% block item %}{{ item }}{% endblock %}",
      'default.html': '{% for item in seq %}[{% block item scoped %}{% endblock %}]{% endfor %}',
    },
    context: { seq: [0, 1, 2, 3, 4] },
    expected: '[0][1][2][3][4]',
  },
  {
    origin: 'TestInheritance::test_super_in_scoped_block',
    template: {
      'case.html':
        '{% extends "default.html" %}{% block item %}{{ super() }}|{{ item * 2 }}{% endblock %}',
      'default.html':
        '{% for item in seq %}[{% block item scoped %}{{ item }}{% endblock %}]{% endfor %}',
    },
    context: { seq: [0, 1, 2, 3, 4] },
    expected: '[0|0][1|2][2|4][3|6][4|8]',
  },
  {
    origin: 'TestInheritance::test_scoped_block_after_inheritance',
    template: {
      'index.html': `
            {%- extends 'layout.html' %}
            {% from 'helpers.html' import foo with context %}
            {% block useless %}
                {% for x in [1, 2, 3] %}
                    {% block testing scoped %}
                        {{ foo(x) }}
                    {% endblock %}
                {% endfor %}
            {% endblock %}
            `,
      'layout.html': `
            {% block useless %}{% endblock %}
            `,
      'helpers.html': `
            {% macro foo(x) %}{{ the_foo + x }}{% endmacro %}
            `,
    },
    context: { the_foo: 42 },
    compare: 'words',
    expected: '43 44 45',
  },
  {
    origin: 'TestInheritance::test_level1_required',
    template: {
      level1: "{% extends 'default' %}{% block x %}[1]{% endblock %}",
      default: '{% block x required %}{# comment #}\n {% endblock %}',
    },
    expected: '[1]',
  },
  ...([1, 2] as const).map((n) => ({
    origin: `TestInheritance::test_level2_required[level${n}]`,
    template: {
      [`level${n}`]: `{% extends 'default' %}{% block x %}[${n}]{% endblock %}`,
      default: '{% block x required %}{% endblock %}',
    },
    expected: `[${n}]`,
  })),
  {
    origin: 'TestInheritance::test_level3_required[level1]',
    template: first('level1', REQUIRED_3),
    raises: /Required block 'x' not found/,
  },
  ...(['level2', 'level3'] as const).map((name) => ({
    origin: `TestInheritance::test_level3_required[${name}]`,
    template: first(name, REQUIRED_3),
    expected: '[2]',
  })),
  ...(['empty', 'blank'] as const).map((t) => ({
    origin: `TestInheritance::test_invalid_required[${t}]`,
    template: { top: TOP, [t]: INVALID_REQUIRED[t] as string },
    context: { t },
    expected: 'CHILD',
  })),
  ...(['text', 'block', 'if'] as const).map((t) => ({
    origin: `TestInheritance::test_invalid_required[${t}]`,
    template: { top: TOP, [t]: INVALID_REQUIRED[t] as string },
    context: { t },
    raises: REQUIRED_REASON,
  })),
  {
    origin: 'TestInheritance::test_required_with_scope[scoped required]',
    template: {
      child1: "{% extends 'default1' %}{% block item %}{{ item }}{% endblock %}",
      default1: '{% for item in seq %}[{% block item scoped required %}{% endblock %}]{% endfor %}',
    },
    context: { seq: [0, 1, 2] },
    expected: '[0][1][2]',
  },
  {
    origin: 'TestInheritance::test_required_with_scope[required scoped]',
    template: {
      child2: "{% extends 'default2' %}{% block item %}{{ item }}{% endblock %}",
      default2: '{% for item in seq %}[{% block item required scoped %}{% endblock %}]{% endfor %}',
    },
    context: { seq: [0, 1, 2] },
    raises: /./,
  },
  ...(['default1', 'default2'] as const).map((name) => ({
    origin: `TestInheritance::test_duplicate_required_or_scoped[${name}]`,
    template: {
      child:
        "{% if default %}{% extends default %}{% else %}{% extends 'default1' %}{% endif %}{%- block x %}CHILD{% endblock %}",
      [name]:
        name === 'default1'
          ? '{% for item in seq %}[{% block item scoped scoped %}}{{% endblock %}}]{{% endfor %}}'
          : '{% for item in seq %}[{% block item required required %}}{{% endblock %}}]{{% endfor %}}',
    },
    context: { default: name, seq: [0, 1, 2] },
    raises: /./,
  })),
  {
    origin: 'TestBugFix::test_fixed_macro_scoping_bug',
    template: {
      'test.html': `\
        {% extends 'details.html' %}

        {% macro my_macro() %}
        my_macro
        {% endmacro %}

        {% block inner_box %}
            {{ my_macro() }}
        {% endblock %}
            `,
      'details.html': `\
        {% extends 'standard.html' %}

        {% macro my_macro() %}
        my_macro
        {% endmacro %}

        {% block content %}
            {% block outer_box %}
                outer_box
                {% block inner_box %}
                    inner_box
                {% endblock %}
            {% endblock %}
        {% endblock %}
        `,
      'standard.html': `
        {% block content %}&nbsp;{% endblock %}
        `,
    },
    compare: 'words',
    expected: 'outer_box my_macro',
  },
  {
    origin: 'TestBugFix::test_double_extends',
    template: levels('doublee'),
    trimBlocks: true,
    raises: /extended multiple times/,
    differs: {
      reason:
        'nunjucks lets a template extend twice (compileExtends: the last parent wins), where Jinja raises.',
      where: 'nunjucks/src/compiler.js:879',
      renders: '|  |      this should work\n    |nested block 4 from layout|',
    },
  },
]
