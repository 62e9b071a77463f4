import { CfnOutput, Fn, type Stack } from "aws-cdk-lib";
import {
  CfnEIP,
  CfnRoute,
  FlowLogDestination,
  FlowLogTrafficType,
  GatewayVpcEndpointAwsService,
  IpAddresses,
  PublicSubnet,
  SecurityGroup,
  SubnetType,
  Vpc,
  type SubnetSelection,
} from "aws-cdk-lib/aws-ec2";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import { NagSuppressions } from "cdk-nag";
import { Construct } from "constructs";

/** Two zones, so one zone's outage leaves the vendors reachable (from the other zone's address). */
const ZONES = ["a", "b"];

/**
 * The `vpcEgress` option: the vendor-calling functions run in private subnets and reach the
 * vendors through one NAT gateway per zone, each with an Elastic IP, so a vendor can allowlist
 * exactly these addresses (stack outputs `EgressIp1`, `EgressIp2`). DynamoDB and S3 are reached
 * through gateway endpoints (free, and off the NAT's per-GB charge); the other AWS APIs
 * (SQS, Secrets Manager, EventBridge, KMS, X-Ray) through the NAT over TLS. Nothing listens:
 * the functions' security group has no inbound rule. Flow logs go to the stage's log bucket.
 */
export class EgressNetwork extends Construct {
  readonly vpc: Vpc;
  readonly securityGroup: SecurityGroup;
  readonly subnets: SubnetSelection = { subnetType: SubnetType.PRIVATE_WITH_EGRESS };

  constructor(scope: Construct, id: string, { stack, logBucket }: { stack: Stack; logBucket: IBucket }) {
    super(scope, id);
    this.vpc = new Vpc(this, "Vpc", {
      ipAddresses: IpAddresses.cidr("10.40.0.0/16"),
      // Explicit zones keep synthesis free of an account lookup.
      availabilityZones: ZONES.map((zone) => `${stack.region}${zone}`),
      natGateways: ZONES.length,
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [
        // Only the NAT gateways live here, on their Elastic IPs: nothing gets a public address by default.
        { name: "nat", subnetType: SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: "functions", subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
      ],
      gatewayEndpoints: {
        DynamoDb: { service: GatewayVpcEndpointAwsService.DYNAMODB },
        S3: { service: GatewayVpcEndpointAwsService.S3 },
      },
      flowLogs: {
        All: { destination: FlowLogDestination.toS3(logBucket, "vpc-flow-logs/"), trafficType: FlowLogTrafficType.ALL },
      },
    });
    this.securityGroup = new SecurityGroup(this, "Functions", {
      vpc: this.vpc,
      description: "Vendor-calling functions: outbound only",
      allowAllOutbound: true,
    });

    const ips = this.vpc.publicSubnets.map((subnet) => {
      // The NAT gateways' only way out is the internet gateway; that is the point of these subnets.
      NagSuppressions.addResourceSuppressions(subnet.node.findChild("DefaultRoute") as CfnRoute, [
        {
          id: "HIPAA.Security-VPCNoUnrestrictedRouteToIGW",
          reason: "The public subnets hold only the NAT gateways that give the vendor-calling functions their fixed addresses; their route to the internet gateway is how those reach the vendors. No function or other resource is placed in them.",
        },
      ]);
      return ((subnet as PublicSubnet).node.findChild("EIP") as CfnEIP).attrPublicIp;
    });
    ips.forEach((ip, i) => new CfnOutput(stack, `EgressIp${i + 1}`, { value: ip, description: "A source address of the vendor-calling functions, for vendors that allowlist callers" }));
    new CfnOutput(stack, "EgressIps", { value: Fn.join(",", ips) });
  }
}
