// Idempotency keys for money-moving requests (API.md "Idempotency-Key"). Each submission gets a new
// key; only a submission that got no answer at all (the network failed) is retried with the same
// key and the same body, so the exchange never acts on it twice.
export function keyedSubmitter() {
  let pending = null;  // {body, key} of a submission that got no answer
  return async (body, send) => {
    const text = JSON.stringify(body);
    const key = pending && pending.body === text ? pending.key : crypto.randomUUID();
    pending = { body: text, key };
    try {
      const answer = await send(key);
      pending = null;
      return answer;
    } catch (e) {
      if (e?.status !== 0) pending = null;
      throw e;
    }
  };
}
