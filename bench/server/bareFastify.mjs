// The peer: a bare Fastify route returning a small JSON object, nothing else registered.
import Fastify from 'fastify';

const app = Fastify();
app.get('/', async () => ({ ok: true }));
const address = await app.listen({ host: '127.0.0.1', port: Number(process.argv[2] ?? 0) });
console.log(`listening ${address}`);
