"""Who may act and what they sign with: the staff user pool, the secrets the functions read and
the SES identity the e-mails go out from. The same things `local/aws_resources.py` makes on moto
for stage `local`, with the settings only a real account has (MFA, deletion protection, DKIM).

cdk-nag (v3) findings these constructs accept on purpose are acknowledged beside the resource,
with the reason, through CDK's own `Validations.of(...).acknowledge(...)` (v3 dropped
`NagSuppressions` for it).
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import Acknowledgment, Validations
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_ses as ses
from constructs import Construct

from chalicelib.adapters.identity import PASSWORD_POLICY

# Staff are created by `manage.py add-staff` with a permanent password; a temporary one (an
# operator's console invitation) should not outlive the day it was sent.
TEMPORARY_PASSWORD_DAYS = 1
TOKEN_VALIDITY = cdk.Duration.hours(1)
# A working day: the admin page signs in again the next morning.
REFRESH_TOKEN_VALIDITY = cdk.Duration.hours(12)
# Long enough for HMAC-SHA256 (JWT and sign-in code hashes) and the vendor's webhook signature;
# letters and digits only, so the value survives shells, headers and the vendor's config forms.
GENERATED_SECRET_LENGTH = 64
# What Cognito itself e-mails staff (a changed address, a forgotten password, an operator's
# console invitation): pt-BR like everything else they read. add-staff sends no invitation.
VERIFICATION_SUBJECT = "Recadastro: seu código de verificação"
VERIFICATION_BODY = "Seu código de verificação do Recadastro é {####}. Ele vale por pouco tempo."
INVITATION_SUBJECT = "Recadastro: seu acesso à área da equipe"
INVITATION_BODY = (
    "Seu usuário na área da equipe do Recadastro é {username} e sua senha temporária é {####}. "
    "Ela vale por um dia: entre e troque-a."
)


def _acknowledge(construct: Construct, rule: str, reason: str) -> None:
    Validations.of(construct).acknowledge(Acknowledgment(id=rule, reason=reason))


class StaffPool(Construct):
    """Reviewers and admins: one Cognito user pool, the admin page's client and one group per
    role and region (`all_groups(council)`). Only operators create accounts (`add-staff`)."""

    def __init__(self, scope: Construct, id: str, stage: str, groups: list[str]) -> None:
        super().__init__(scope, id)
        self.user_pool = cognito.UserPool(
            self,
            "UserPool",
            user_pool_name=f"recadastro-{stage}-staff",
            self_sign_up_enabled=False,
            sign_in_aliases=cognito.SignInAliases(username=True),
            sign_in_case_sensitive=False,
            standard_attributes=cognito.StandardAttributes(
                email=cognito.StandardAttribute(required=True, mutable=True),
                # Not required: a required attribute can never be relaxed later, and the admin
                # page only uses the name to greet (add-staff always sets it).
                fullname=cognito.StandardAttribute(required=False, mutable=True),
            ),
            auto_verify=cognito.AutoVerifiedAttrs(email=True),
            user_verification=cognito.UserVerificationConfig(
                email_subject=VERIFICATION_SUBJECT,
                email_body=VERIFICATION_BODY,
                email_style=cognito.VerificationEmailStyle.CODE,
            ),
            user_invitation=cognito.UserInvitationConfig(
                email_subject=INVITATION_SUBJECT, email_body=INVITATION_BODY
            ),
            # A changed e-mail takes effect only once its owner confirms the code sent to it:
            # it is where the region's notifications go.
            keep_original=cognito.KeepOriginalAttrs(email=True),
            password_policy=cognito.PasswordPolicy(
                min_length=PASSWORD_POLICY["MinimumLength"],
                require_uppercase=bool(PASSWORD_POLICY["RequireUppercase"]),
                require_lowercase=bool(PASSWORD_POLICY["RequireLowercase"]),
                require_digits=bool(PASSWORD_POLICY["RequireNumbers"]),
                require_symbols=bool(PASSWORD_POLICY["RequireSymbols"]),
                temp_password_validity=cdk.Duration.days(TEMPORARY_PASSWORD_DAYS),
            ),
            mfa=cognito.Mfa.OPTIONAL,
            mfa_second_factor=cognito.MfaSecondFactor(sms=False, otp=True, email=False),
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
            # Pinned so a change of AWS's default for new pools cannot change the bill.
            feature_plan=cognito.FeaturePlan.ESSENTIALS,
            deletion_protection=True,
            removal_policy=cdk.RemovalPolicy.RETAIN,
        )
        _acknowledge(
            self.user_pool,
            "AwsSolutions-COG2",
            "MFA is optional (TOTP only, no SMS): the admin page's sign-in (POST /staff/session, "
            "USER_PASSWORD_AUTH) does not answer MFA challenges yet, so requiring it would lock "
            "every reviewer out. Require it once the page handles SOFTWARE_TOKEN_MFA.",
        )
        _acknowledge(
            self.user_pool,
            "AwsSolutions-COG8",
            "Threat protection (compromised credentials, adaptive authentication) needs the Plus "
            "feature plan, billed per monthly active user with no free tier; the Essentials plan "
            "is kept until someone decides that cost. Staff passwords follow PASSWORD_POLICY and "
            "the API's sign-in route is rate-limited per IP by the web ACL.",
        )
        self.client = self.user_pool.add_client(
            "AdminPage",
            user_pool_client_name="recadastro-admin-page",
            generate_secret=False,
            # What CognitoSignIn uses; CDK adds ALLOW_REFRESH_TOKEN_AUTH to any flow list.
            auth_flows=cognito.AuthFlow(user_password=True),
            # No hosted UI: without this CDK enables the code and implicit grants with a
            # placeholder callback URL.
            disable_o_auth=True,
            access_token_validity=TOKEN_VALIDITY,
            id_token_validity=TOKEN_VALIDITY,
            refresh_token_validity=REFRESH_TOKEN_VALIDITY,
            enable_token_revocation=True,
            prevent_user_existence_errors=True,
            # The ID token then carries the name the admin page greets staff by.
            read_attributes=cognito.ClientAttributes().with_standard_attributes(
                email=True, fullname=True
            ),
            # Cognito refuses a client that cannot write a required attribute (email).
            write_attributes=cognito.ClientAttributes().with_standard_attributes(
                email=True, fullname=True
            ),
        )
        self.groups = [
            cognito.CfnUserPoolGroup(
                self,
                f"Group-{group}",
                user_pool_id=self.user_pool.user_pool_id,
                group_name=group,
            )
            for group in groups
        ]


class Secrets(Construct):
    """The four secrets the functions read by name (`.chalice/config.json`). Two are issued by
    others (the card vendor's API key, gov.br's client secret): the stack makes them with a
    random placeholder, and the council puts the real value in after the deploy
    (`aws secretsmanager put-secret-value`); CloudFormation generates a value only when it
    creates the secret, so later deploys keep what was put."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        jwt_name: str,
        vendor_api_key_name: str,
        webhook_name: str,
        *,
        govbr_client_secret_name: str,
    ) -> None:
        super().__init__(scope, id)
        self.jwt = self._generated(
            "JwtSigningKey",
            jwt_name,
            "Key that signs professionals' session tokens (HS256) and hashes sign-in codes.",
        )
        self.webhook = self._generated(
            "VendorWebhookSecret",
            webhook_name,
            "Shared with the card vendor: HMAC-SHA256 key of the X-Signature on POST "
            "/vendor/events. Give the vendor this value.",
        )
        self.vendor_api_key = self._generated(
            "VendorApiKey",
            vendor_api_key_name,
            "PLACEHOLDER: replace with the API key the card vendor issues "
            "(aws secretsmanager put-secret-value). Until then every card order fails with 401.",
        )
        self.govbr_client_secret = self._generated(
            "GovbrClientSecret",
            govbr_client_secret_name,
            "PLACEHOLDER: replace with the client secret gov.br (Login Único) issues for this "
            "stage's client id (aws secretsmanager put-secret-value), before setting "
            "GOVBR_CLIENT_ID. Until then every gov.br sign-in fails at the token exchange.",
        )
        reasons = {
            self.jwt: "Rotating the signing key invalidates every professional's session and "
            "every sign-in code in flight, mid-campaign; rotate it by hand between campaigns.",
            self.webhook: "Shared with the card vendor, who signs with it: a rotation has to be "
            "agreed with them and done in step, by hand.",
            self.vendor_api_key: "The card vendor issues this key; we cannot rotate it, only "
            "store the value they give us.",
            self.govbr_client_secret: "gov.br issues this secret with the client id; a new one "
            "is asked for through gov.br's post-integration service, and stored by hand.",
        }
        for secret, reason in reasons.items():
            _acknowledge(secret, "AwsSolutions-SMG4", reason)

    def _generated(self, id: str, name: str, description: str) -> secretsmanager.Secret:
        return secretsmanager.Secret(
            self,
            id,
            secret_name=name,
            description=description,
            # A plain string (no JSON template): SecretKey reads SecretString as the key itself.
            generate_secret_string=secretsmanager.SecretStringGenerator(
                password_length=GENERATED_SECRET_LENGTH,
                exclude_punctuation=True,
                include_space=False,
            ),
            removal_policy=cdk.RemovalPolicy.RETAIN,
        )


def sender_domain(sender: str) -> str:
    """nao-responda@dev.recadastro.example.org -> dev.recadastro.example.org"""
    local, at, domain = sender.rpartition("@")
    if not (local and at and domain):
        raise ValueError(f"MAIL_SENDER is not an e-mail address: {sender!r}")
    return domain.lower()


class Mail(Construct):
    """The SES domain identity of MAIL_SENDER, signed with Easy DKIM, and the configuration set
    every message from it gets by default: SES applies an identity's default configuration set
    to messages that name none, as SesMailer's do.

    The identity is verified once the three DKIM CNAME records are in the domain's DNS: they are
    stack outputs. Until then, and while the account is in the SES sandbox, nothing is sent.
    """

    def __init__(self, scope: Construct, id: str, sender: str) -> None:
        super().__init__(scope, id)
        self.domain = sender_domain(sender)
        self.configuration_set = ses.ConfigurationSet(
            self,
            "ConfigurationSet",
            reputation_metrics=True,
            sending_enabled=True,
            # An address that bounced or complained goes on the suppression list: not mailed again.
            suppression_reasons=ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
        )
        self.configuration_set_name = self.configuration_set.configuration_set_name
        self.identity = ses.EmailIdentity(
            self,
            "Identity",
            identity=ses.Identity.domain(self.domain),
            configuration_set=self.configuration_set,
            dkim_signing=True,
            dkim_identity=ses.DkimIdentity.easy_dkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT),
        )
        self.configuration_set_arn = cdk.Stack.of(self).format_arn(
            service="ses", resource="configuration-set", resource_name=self.configuration_set_name
        )
        # What ses:SendEmail must be allowed on: SES also authorises the configuration set that
        # applies to the message, the identity's default one included.
        self.send_resource_arns = [self.identity.email_identity_arn, self.configuration_set_arn]
        for index, record in enumerate(self.identity.dkim_records, start=1):
            cdk.CfnOutput(
                self,
                f"DkimRecord{index}",
                description=f"DNS record to publish for {self.domain}: CNAME name = value",
                value=cdk.Fn.join(" = ", [record.name, record.value]),
            )
