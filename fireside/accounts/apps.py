from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "fireside.accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fireside.accounts import account_data

        account_data.register_all()
