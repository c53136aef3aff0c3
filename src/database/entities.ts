import { UserEntity } from '../users/user.entity';

/** Every TypeORM entity, for the Nest application and the migration CLI alike. */
export const ENTITIES = [UserEntity];
