import { describe, it, expect } from 'vitest';
import { checkDtmi, compareDtmiVersions, dtmiShortName, isValidDtmi, parseDtmi } from './dtmi';

describe('parseDtmi', () => {
  it('splits path and versions', () => {
    expect(parseDtmi('dtmi:com:example:Room;12')).toEqual({ id: 'dtmi:com:example:Room;12', path: 'dtmi:com:example:Room', major: 12, system: false });
    expect(parseDtmi('dtmi:com:example:Room;1.25')).toMatchObject({ major: 1, minor: 25 });
    expect(parseDtmi('dtmi:com:example:Room')).toEqual({ id: 'dtmi:com:example:Room', path: 'dtmi:com:example:Room', system: false });
    expect(parseDtmi('dtmi:foo_bar:_16:baz33:qux;12')).toMatchObject({ system: true });
  });

  it('rejects malformed ids', () => {
    for (const bad of [
      'dtmi:', 'dtmi:com:1abc;1', 'dtmi:com:abc_;1', 'dtmi:com::abc;1', 'DTMI:com:abc;1', 'dtmi:com:abc;0',
      'dtmi:com:abc;01', 'dtmi:com:abc;1234567890', 'dtmi:com:abc;1.0', 'dtmi:com:abc;1.1234567', 'dtmi:com:a-b;1',
      'dtmi:com:_;1', 'dtmi:com:abc;', 'dtmi:com:abc;1.',
    ]) {
      expect(parseDtmi(bad), bad).toBeUndefined();
    }
  });
});

describe('checkDtmi', () => {
  it('requires an integer version in v2 only', () => {
    expect(checkDtmi('dtmi:com:example:Room', 2)).toBe('version-required');
    expect(checkDtmi('dtmi:com:example:Room', 3)).toBeUndefined();
    expect(checkDtmi('dtmi:com:example:Room;1.2', 2)).toBe('two-part-version');
    expect(checkDtmi('dtmi:com:example:Room;1.2', 3)).toBeUndefined();
    expect(checkDtmi('dtmi:com:example:Room;999999999', 2)).toBeUndefined();
  });

  it('rejects system segments and reserved prefixes', () => {
    expect(checkDtmi('dtmi:com:_example:Room;1', 3)).toBe('system');
    expect(checkDtmi('dtmi:dtdl:Room;1', 3)).toBe('reserved');
    expect(checkDtmi('dtmi:standard:Room;1', 2)).toBe('reserved');
    expect(checkDtmi('dtmi:dtdlx:Room;1', 2)).toBeUndefined();
  });

  it('applies the interface (128) and user (2048) length limits', () => {
    const id128 = `dtmi:a:${'b'.repeat(128 - 'dtmi:a:;1'.length)};1`;
    expect(id128).toHaveLength(128);
    expect(isValidDtmi(id128, 2, 'interface')).toBe(true);
    const id129 = `dtmi:a:${'b'.repeat(129 - 'dtmi:a:;1'.length)};1`;
    expect(checkDtmi(id129, 2, 'interface')).toBe('too-long');
    expect(isValidDtmi(id129, 2, 'user')).toBe(true);
    expect(checkDtmi(`dtmi:a:${'b'.repeat(2048)};1`, 2, 'user')).toBe('too-long');
    expect(checkDtmi(`dtmi:a:${'b'.repeat(5000)};1`, 2, 'user')).toBe('too-long');
  });
});

describe('compareDtmiVersions', () => {
  const v = (id: string) => parseDtmi(id)!;
  it('orders major then minor, a missing minor counting as 0', () => {
    expect(compareDtmiVersions(v('dtmi:a:b;2'), v('dtmi:a:b;1'))).toBeGreaterThan(0);
    expect(compareDtmiVersions(v('dtmi:a:b;1.1'), v('dtmi:a:b;1'))).toBeGreaterThan(0);
    expect(compareDtmiVersions(v('dtmi:a:b;1.9'), v('dtmi:a:b;2'))).toBeLessThan(0);
    expect(compareDtmiVersions(v('dtmi:a:b;3'), v('dtmi:a:b;3'))).toBe(0);
    expect(compareDtmiVersions(v('dtmi:a:b'), v('dtmi:a:b;1'))).toBeUndefined();
  });
});

describe('dtmiShortName', () => {
  it('is the last segment without the version', () => {
    expect(dtmiShortName('dtmi:com:example:Room;1')).toBe('Room');
    expect(dtmiShortName('dtmi:com:example:Room;1.2')).toBe('Room');
    expect(dtmiShortName('dtmi:com:example:Room')).toBe('Room');
    expect(dtmiShortName('not a dtmi')).toBe('not a dtmi');
  });
});
