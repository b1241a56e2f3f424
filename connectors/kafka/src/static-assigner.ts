// Fixed partitions for consumers with `partition.no.list` (Java's `consumer.assign(...)`):
// kafkajs only consumes as a group member, so each member names the partitions it wants in its
// join metadata and the group leader hands every member exactly those.

import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

/** The protocol name all members of such a group share. */
export const STATIC_ASSIGNER_NAME = 'TributaryStaticAssigner';

/** Topic → partitions. */
export type WantedPartitions = Readonly<Record<string, readonly number[]>>;

function decodeWanted(userData: Buffer): Record<string, number[]> {
  try {
    const parsed: unknown = JSON.parse(userData.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return {};
    const wanted: Record<string, number[]> = {};
    for (const [topic, partitions] of Object.entries(parsed)) {
      if (Array.isArray(partitions)) {
        wanted[topic] = partitions.filter((p): p is number => Number.isInteger(p));
      }
    }
    return wanted;
  } catch {
    return {};
  }
}

/**
 * An assigner giving each member the partitions it asked for (two members asking for the same
 * partition both get it, as two Java consumers assigning it would).
 * @example
 * kafka.consumer({ groupId, partitionAssigners: [staticAssigner({ stocks: [0, 1] })] });
 */
export function staticAssigner(wanted: WantedPartitions): PartitionAssigner {
  return () => ({
    name: STATIC_ASSIGNER_NAME,
    version: 1,
    assign: ({ members }) =>
      Promise.resolve(
        members.map(({ memberId, memberMetadata }) => {
          const metadata = AssignerProtocol.MemberMetadata.decode(memberMetadata);
          const assignment = metadata === null ? {} : decodeWanted(Buffer.from(metadata.userData));
          return {
            memberId,
            memberAssignment: AssignerProtocol.MemberAssignment.encode({
              version: 1,
              assignment,
              userData: Buffer.alloc(0),
            }),
          };
        }),
      ),
    protocol: ({ topics }) => ({
      name: STATIC_ASSIGNER_NAME,
      metadata: AssignerProtocol.MemberMetadata.encode({
        version: 1,
        topics,
        userData: Buffer.from(JSON.stringify(wanted), 'utf8'),
      }),
    }),
  });
}
