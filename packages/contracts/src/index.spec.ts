describe('root entry', () => {
  it('does not load Ajv, so publishers that never validate stay light', () => {
    jest.isolateModules(() => {
      jest.doMock('ajv', () => {
        throw new Error('ajv was loaded by the root entry');
      });
      jest.doMock('ajv-formats', () => {
        throw new Error('ajv-formats was loaded by the root entry');
      });
      const root = require('./index') as typeof import('./index');
      expect(root.EXCHANGE).toBe('ecommerce.events');
      expect(root.schemaFor('order.created')).toBeDefined();
    });
  });
});
