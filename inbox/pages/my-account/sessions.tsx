// My account: the agent's sessions (device, IP, last seen), ending any or all others.
export function SessionsCard() {
  return null;
}
