import { LabelSelectorParseError } from './errors';
import { labelSelectorFromObject, parseLabelSelector } from './label-selector';

const labels = { app: 'web', tier: 'frontend', 'example.com/team': 'a', empty: '', num: '10' };

describe('parseLabelSelector matching', () => {
  it.each([
    ['', true],
    ['  ', true],
    ['app=web', true],
    ['app==web', true],
    ['app = web', true],
    ['app=db', false],
    ['app!=db', true],
    ['app!=web', false],
    ['missing!=x', true],
    ['app', true],
    ['missing', false],
    ['!missing', true],
    ['!app', false],
    ['app in (web, db)', true],
    ['app in (db)', false],
    ['app notin (db)', true],
    ['app notin (web,db)', false],
    ['missing notin (x)', true],
    ['missing in (x)', false],
    ['app=web,tier=frontend', true],
    ['app=web,tier=backend', false],
    ['app=web, !missing, tier in (frontend)', true],
    ['example.com/team=a', true],
    ['empty=', true],
    ['empty in ()', true],
    ['app=', false],
    ['num>5', true],
    ['num<5', false],
    ['app>5', false],
  ])('%j matches=%s', (text, expected) => {
    expect(parseLabelSelector(text).matches(labels)).toBe(expected);
  });

  it('treats missing labels as no labels', () => {
    expect(parseLabelSelector('!app').matches(undefined)).toBe(true);
    expect(parseLabelSelector('app').matches(undefined)).toBe(false);
  });
});

describe('parseLabelSelector errors', () => {
  it.each([
    ['app=web,', "unable to parse requirement: found '', expected: identifier after ','"],
    [',app', "unable to parse requirement: found ',', expected: !, identifier, or 'end of string'"],
    ['app web', "unable to parse requirement: found 'web', expected: in, notin, =, ==, !=, gt, lt"],
    ['app in web', "unable to parse requirement: found 'web', expected: '('"],
    ['app in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
    ['app=(x)', "unable to parse requirement: found '(', expected: identifier"],
    ['app=a)', "unable to parse requirement: found ')', expected: ',' or 'end of string'"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['a/b/c=x', 'unable to parse requirement: key: Invalid value: "a/b/c": a qualified name must consist'],
    ['-app=x', 'unable to parse requirement: key: Invalid value: "-app": name part must consist'],
    [
      'Foo.com/app=x',
      'unable to parse requirement: key: Invalid value: "Foo.com/app": prefix part a lowercase',
    ],
    ['app=-x', 'unable to parse requirement: values[0][app]: Invalid value: "-x": a valid label must be'],
    [`app=${'x'.repeat(64)}`, 'must be no more than 63 characters'],
    ['num>x', "for 'Gt', 'Lt' operators, the value must be an integer"],
  ])('%j → %s', (text, message) => {
    let caught: unknown;
    try {
      parseLabelSelector(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LabelSelectorParseError);
    expect((caught as LabelSelectorParseError).code).toBe('SELECTOR_LABEL_INVALID');
    expect((caught as Error).message).toContain(message);
  });
});

describe('label selector text', () => {
  it.each([
    ['tier=x,app in (b,a),!z', 'app in (a,b),tier=x,!z'],
    ['b,a!=1', 'a!=1,b'],
  ])('%j renders as %j', (text, expected) => {
    const rendered = parseLabelSelector(text).toString();
    expect(rendered).toBe(expected);
    expect(parseLabelSelector(rendered).toString()).toBe(expected);
  });
});

describe('labelSelectorFromObject', () => {
  it.each([
    [{}, labels, true],
    [{ matchLabels: { app: 'web' } }, labels, true],
    [{ matchLabels: { app: 'db' } }, labels, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'In' as const, values: ['frontend'] }] }, labels, true],
    [{ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' as const }] }, labels, false],
    [{ matchExpressions: [{ key: 'x', operator: 'NotIn' as const, values: ['a'] }] }, labels, true],
  ])('%j', (selector, input, expected) => {
    expect(labelSelectorFromObject(selector).matches(input)).toBe(expected);
  });

  it('an absent selector matches nothing', () => {
    expect(labelSelectorFromObject(undefined).matches(labels)).toBe(false);
  });

  it('rejects In without values', () => {
    expect(() =>
      labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }),
    ).toThrow(LabelSelectorParseError);
  });
});
