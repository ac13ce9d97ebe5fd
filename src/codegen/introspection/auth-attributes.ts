import type { SdlDirective } from './read-sdl.js';

const ALL_OPERATIONS = ['create', 'update', 'delete', 'read'];

/**
 * A model's `@auth` rules as the client's introspection states them: owner rules name their owner
 * field and identity claim (`username` reads as `cognito:username`), group rules their claim,
 * every rule its operations; dynamic group rules (`groupsField`) are left out, as Amplify does.
 * Auth directives move after the others, which keep their order.
 */
export function authLast(directives: SdlDirective[]): SdlDirective[] {
  const auth = directives.filter((d) => d.name === 'auth');
  return [...directives.filter((d) => d.name !== 'auth'), ...auth.map(restateAuth)];
}

function restateAuth(d: SdlDirective): SdlDirective {
  const rules: Record<string, any>[] = d.args.rules ?? [];
  return { name: d.name, args: { ...d.args, rules: rules.filter((r) => !(r.allow === 'groups' && r.groupField)).map(restateRule) } };
}

function restateRule(rule: Record<string, any>): Record<string, unknown> {
  const operations = rule.operations || rule.mutations || ALL_OPERATIONS;
  if (rule.allow === 'owner') {
    const claim = rule.identityClaim || rule.identityField || 'username';
    return {
      provider: 'userPools',
      ownerField: rule.ownerField || 'owner',
      ...rule,
      identityClaim: claim === 'username' ? 'cognito:username' : claim,
      operations,
    };
  }
  if (rule.allow === 'groups') {
    const restated: Record<string, unknown> = { groupClaim: 'cognito:groups', provider: 'userPools', ...rule };
    // a static group rule (`groups: [...]`) has no group field; the key stays where the spread put it
    if (rule.groups) delete restated.groupField;
    else restated.groupField = rule.groupField || 'groups';
    restated.operations = operations;
    return restated;
  }
  return { ...rule, operations };
}
