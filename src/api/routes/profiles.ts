import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError, quoteInput } from '../../errors.js';
import { deleteProfile, getProfile, listProfiles, putProfile } from '../../imports/profiles.js';
import type { ApiContext } from '../context.js';
import { ImportProfile, Problem, Profile, ProfileName } from '../schemas.js';

/** Saved import profiles: a supplier's feed options and column mapping under a name, applied with profile=NAME. */

const NameParams = z.object({ name: ProfileName });

export function profileRoutes(context: ApiContext): FastifyPluginAsync {
  return async (server) => {
    const api = server.withTypeProvider<ZodTypeProvider>();
    const { pool } = context.app.db;
    const missing = (name: string) => new NotFoundError(`there is no import profile named ${quoteInput(name)}`);

    api.get('/profiles', {
      schema: { summary: 'List the saved import profiles, by name', response: { 200: z.object({ items: z.array(Profile) }) } },
    }, async () => ({ items: await listProfiles(pool) }));

    api.get('/profiles/:name', {
      schema: { summary: 'One saved import profile', params: NameParams, response: { 200: Profile, 404: Problem } },
    }, async (request) => {
      const profile = await getProfile(pool, request.params.name);
      if (!profile) throw missing(request.params.name);
      return profile;
    });

    api.put('/profiles/:name', {
      schema: {
        summary: 'Save an import profile: options and a column mapping, applied to an import with profile=NAME',
        description: 'Options are those an import shows (delimiter as the character, or "auto"); an option or mapped ' +
          'column given with the import overrides the profile\'s. Replaces a profile of that name.',
        params: NameParams,
        body: ImportProfile,
        response: { 200: Profile, 201: Profile, 400: Problem },
      },
    }, async (request, reply) => {
      const { profile, created } = await putProfile(pool, request.params.name, request.body);
      return reply.code(created ? 201 : 200).header('location', `/api/profiles/${request.params.name}`).send(profile);
    });

    api.delete('/profiles/:name', {
      schema: { summary: 'Delete a saved import profile (imports that used it keep the options they ran with)', params: NameParams, response: { 204: z.null(), 404: Problem } },
    }, async (request, reply) => {
      if (!(await deleteProfile(pool, request.params.name))) throw missing(request.params.name);
      return reply.code(204).send(null);
    });
  };
}
