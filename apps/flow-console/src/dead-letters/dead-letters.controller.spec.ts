import { BadRequestException } from '@nestjs/common';
import { parseSelection } from './dead-letters.controller';

describe('parseSelection', () => {
  it('takes ids or all, and refuses anything else with a 400', () => {
    expect(parseSelection({ all: true })).toEqual({ all: true });
    expect(parseSelection({ ids: ['m1', 'm2'] })).toEqual({ ids: ['m1', 'm2'] });
    for (const bad of [undefined, {}, { ids: [] }, { ids: [1] }, { all: 'yes' }, { all: true, ids: ['m1'] }, { ids: 'm1' }]) {
      expect(() => parseSelection(bad)).toThrow(BadRequestException);
    }
  });
});
