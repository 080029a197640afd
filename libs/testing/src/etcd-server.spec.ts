import { Etcd3 } from 'etcd3';
import { startEtcd } from './etcd-server';

describe('startEtcd', () => {
  it('starts a real etcd that stores and returns a key, and stops it', async () => {
    const etcd = await startEtcd();
    const client = new Etcd3({ hosts: etcd.endpoint });
    try {
      await client.put('/probe').value('v');
      expect(await client.get('/probe').string()).toBe('v');
    } finally {
      client.close();
      await etcd.stop();
    }
    const after = new Etcd3({ hosts: etcd.endpoint, dialTimeout: 500 });
    await expect(after.get('/probe').string()).rejects.toThrow();
    after.close();
  });
});
