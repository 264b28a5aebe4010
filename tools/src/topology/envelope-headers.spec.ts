import { AmqpHeader as DocumentedHeader } from '@ecom/contracts';
import { AmqpHeader } from '@ecom/rabbit';

// The envelope mapping lives in @ecom/rabbit (the wire format of every team's events); @ecom/contracts
// names the same headers for its AsyncAPI document. Tools see both, so this is where they must agree.
describe('envelope headers', () => {
  it('are the same in the library that writes them and the contracts that document them', () => {
    expect(DocumentedHeader).toEqual(AmqpHeader);
  });
});
