import { findShortages, mergeLines } from './stock-shortage';

describe('findShortages', () => {
  const shelf = new Map([
    ['PROD123', 10],
    ['PROD789', 5],
  ]);

  it('finds nothing when every product is on the shelf', () => {
    expect(findShortages([{ productId: 'PROD123', quantity: 10 }], shelf)).toEqual([]);
  });

  it('reports short and unknown products with what is available', () => {
    expect(
      findShortages(
        [
          { productId: 'PROD789', quantity: 6 },
          { productId: 'NOPE', quantity: 1 },
        ],
        shelf,
      ),
    ).toEqual([
      { productId: 'PROD789', requested: 6, available: 5 },
      { productId: 'NOPE', requested: 1, available: 0 },
    ]);
  });

  it('adds up lines of the same product before comparing', () => {
    const lines = [
      { productId: 'PROD789', quantity: 3 },
      { productId: 'PROD789', quantity: 3 },
    ];
    expect(findShortages(lines, shelf)).toEqual([{ productId: 'PROD789', requested: 6, available: 5 }]);
    expect(mergeLines(lines)).toEqual([{ productId: 'PROD789', quantity: 6 }]);
  });
});
