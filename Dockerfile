# Hearth in production: your Amplify Gen 2 app's backend (amplify/) served by `hearth start`.
# Copy this file into your app (next to package.json, with hearth and the packages your functions
# import, e.g. aws-amplify, under "dependencies") and build from there:
#   docker build -t my-backend .
# See deploy/README.md for the settings and deploy/compose.yaml for Hearth plus PostgreSQL.
FROM node:20-bookworm-slim

ENV NODE_ENV=production \
    HEARTH_HOST=0.0.0.0 \
    HEARTH_PORT=4000 \
    HEARTH_LOG_FORMAT=json \
    HEARTH_STORAGE_DIR=/data/storage

WORKDIR /app
# dependencies first, so a change to amplify/ does not reinstall them
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY amplify ./amplify

# Hearth writes amplify_outputs.json and .amplify/hearth/ (function bundles, TLS certificate,
# caches) under /app, and object bytes under /data/storage: the non-root user owns both
RUN mkdir -p /app/.amplify /data/storage && chown -R node:node /app /data
USER node

EXPOSE 4000
# ready = the database answers and migrations are done; 503 while starting and while draining
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HEARTH_PORT||4000)+'/_hearth/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# SIGTERM drains requests in flight for HEARTH_DRAIN_TIMEOUT seconds (default 10), then exits;
# give `docker stop -t` / terminationGracePeriodSeconds at least that plus 5 s
STOPSIGNAL SIGTERM
# hearth itself is PID 1 (no npx or shell in between) so it receives the signal
CMD ["node_modules/.bin/hearth", "start"]
