// Test hosts: network namespaces on one bridge, each with its own address on a private
// /24 of its own (never the machine's), made by `ip` and removed by remove(), on failure too.
import { execFileSync } from 'node:child_process'

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' })
const iptables = (...args: string[]) => execFileSync('iptables', args, { stdio: 'pipe' })

/** A namespace: its name, its address, and the prefix that runs a command inside it. */
export interface Host {
  readonly name: string
  readonly address: string
  readonly exec: readonly string[]
}

/** The hosts, the bridge's address (the test's own side) and remove(). */
export interface Hosts {
  readonly hosts: Record<string, Host>
  /** The addresses the test itself sends from (on the bridge, in this namespace). */
  readonly clients: readonly string[]
  remove(): void
}

/**
 * One namespace per name in `names`, each joined to a new bridge by a veth pair, with
 * only its own address: loopback stays down, so nothing can depend on it. The bridge
 * carries `clients` addresses for the test. With Docker's FORWARD policy DROP (and
 * bridge-nf-call-iptables), frames across the bridge need an ACCEPT: added and removed here.
 */
export function makeHosts(names: readonly string[], clientCount = 3): Hosts {
  const tag = String(process.pid % 10_000)
  const subnet = `10.213.${(process.pid % 200) + 20}`
  const bridge = `fmsbr${tag}`
  const made: (() => void)[] = []
  const remove = () => {
    for (const undo of made.reverse()) {
      try {
        undo()
      } catch {
        // already gone (a namespace's veth goes with it)
      }
    }
    made.length = 0
  }
  try {
    ip('link', 'add', bridge, 'type', 'bridge')
    made.push(() => ip('link', 'del', bridge))
    const clients = Array.from({ length: clientCount }, (_, i) => `${subnet}.${i + 1}`)
    for (const client of clients) ip('addr', 'add', `${client}/24`, 'dev', bridge)
    ip('link', 'set', bridge, 'up')
    const rule = ['FORWARD', '-i', bridge, '-o', bridge, '-j', 'ACCEPT']
    iptables('-I', ...rule)
    made.push(() => iptables('-D', ...rule))
    const hosts: Record<string, Host> = {}
    names.forEach((name, i) => {
      const ns = `fms${tag}-${name}`
      const outer = `fv${tag}x${i}`
      const inner = `fp${tag}x${i}`
      const address = `${subnet}.${10 + i}`
      ip('netns', 'add', ns)
      made.push(() => ip('netns', 'del', ns))
      ip('link', 'add', outer, 'type', 'veth', 'peer', 'name', inner)
      made.push(() => ip('link', 'del', outer))
      ip('link', 'set', inner, 'netns', ns)
      ip('link', 'set', outer, 'master', bridge)
      ip('link', 'set', outer, 'up')
      ip('-n', ns, 'addr', 'add', `${address}/24`, 'dev', inner)
      ip('-n', ns, 'link', 'set', inner, 'up')
      hosts[name] = { name: ns, address, exec: ['ip', 'netns', 'exec', ns] }
    })
    return { hosts, clients, remove }
  } catch (error) {
    remove()
    throw new Error(
      `could not make the test hosts (ip netns, a bridge): ${(error as Error).message}`,
    )
  }
}
