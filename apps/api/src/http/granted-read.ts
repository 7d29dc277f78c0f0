// A read route's access check and its query are each a round trip to a different store; the
// query need not wait for the check, as long as nothing it gives leaves before the check passes.

/** The read's answer once the check has passed; a refusal wins over whatever the read gave, as when they ran in turn. */
export async function grantedRead<T>(check: Promise<void>, read: Promise<T>): Promise<T> {
  const [granted, answer] = await Promise.allSettled([check, read]);
  if (granted.status === 'rejected') throw granted.reason;
  if (answer.status === 'rejected') throw answer.reason;
  return answer.value;
}
