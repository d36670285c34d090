# label: negative
# family: not-a-listener
# shape: cidr
import boto3

ec2 = boto3.client("ec2")
ec2.authorize_security_group_ingress(
    GroupId="sg-0123456789",
    IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
        "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "HTTPS"}],
    }],
)
