import { renderTable, truncate } from './table';

describe('renderTable', () => {
  it('pads columns to the widest cell and does not pad the last one', () => {
    expect(renderTable(['A', 'LONG HEADER'], [['wide cell', 'x'], ['b', 'y']])).toBe(
      ['A          LONG HEADER', '---------  -----------', 'wide cell  x', 'b          y', ''].join('\n'),
    );
  });
});

describe('truncate', () => {
  it('flattens whitespace and cuts with an ellipsis', () => {
    expect(truncate('a\n  b', 10)).toBe('a b');
    expect(truncate('abcdefghij', 5)).toBe('abcd…');
    expect(truncate('abcde', 5)).toBe('abcde');
  });
});
