import { Amplify } from 'aws-amplify';
import { describe, expect, it } from 'vitest';
import { configureAmplify } from './index.js';

const outputs = {
  auth: {
    user_pool_id: 'us-east-1_hearth',
    aws_region: 'us-east-1',
    user_pool_client_id: 'hearthclient',
    identity_pool_id: 'us-east-1:00000000-0000-4000-8000-000000000000',
    username_attributes: ['email'],
  },
  data: {
    url: 'http://127.0.0.1:4000/graphql',
    aws_region: 'us-east-1',
    default_authorization_type: 'AMAZON_COGNITO_USER_POOLS',
    authorization_types: ['AWS_IAM'],
  },
  custom: {
    hearth: {
      userPoolEndpoint: 'http://127.0.0.1:4000/',
      identityPoolEndpoint: 'http://127.0.0.1:4000/',
      mailboxUrl: 'http://127.0.0.1:4000/_hearth/mailbox',
    },
  },
  version: '1.5',
};

describe('configureAmplify', () => {
  it('configures Amplify from outputs and adds the Hearth Cognito endpoints', () => {
    const config = configureAmplify(outputs as Parameters<typeof configureAmplify>[0]);
    expect(config.Auth?.Cognito).toMatchObject({
      userPoolId: 'us-east-1_hearth',
      userPoolClientId: 'hearthclient',
      userPoolEndpoint: 'http://127.0.0.1:4000/',
      identityPoolEndpoint: 'http://127.0.0.1:4000/',
    });
    expect(Amplify.getConfig().API?.GraphQL?.endpoint).toBe('http://127.0.0.1:4000/graphql');
  });

  it('lets options override the endpoints', () => {
    const config = configureAmplify(outputs as Parameters<typeof configureAmplify>[0], { userPoolEndpoint: 'http://localhost:9/' });
    expect(config.Auth?.Cognito.userPoolEndpoint).toBe('http://localhost:9/');
  });
});
