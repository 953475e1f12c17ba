import pytest

from hparams import HParams


def make():
    return HParams(choices={"loss": ["a", "b"]}, latent_dim=100, lr=2e-4, filters=[64, 128], loss="a", flag=False)


def test_access_and_defaults():
    hp = make()
    assert hp.latent_dim == 100 and hp["lr"] == 2e-4 and "filters" in hp and len(hp) == 5


def test_update_returns_a_validated_copy():
    hp = make()
    new = hp.update(lr=1, filters=(8, 16))
    assert new.lr == 1.0 and isinstance(new.lr, float) and new.filters == [8, 16]
    assert hp.lr == 2e-4  # the original is unchanged


def test_unknown_key_lists_valid_keys():
    with pytest.raises(ValueError, match="valid keys: filters, flag, latent_dim, loss, lr"):
        make().update(latnt_dim=3)


@pytest.mark.parametrize("key,value", [("latent_dim", 1.5), ("latent_dim", True), ("lr", "x"), ("flag", 1), ("filters", 3)])
def test_type_checks(key, value):
    with pytest.raises(ValueError, match=key):
        make().update(**{key: value})


def test_choices():
    with pytest.raises(ValueError, match="valid values: a, b"):
        make().update(loss="c")


def test_json_round_trip(tmp_path):
    hp = make().update(lr=1e-3, filters=[1, 2, 3])
    path = tmp_path / "hp.json"
    hp.to_json(str(path))
    assert HParams.from_json(str(path)) == hp
    assert HParams.from_json(hp.to_json()).to_dict() == hp.to_dict()


def test_update_from_strings():
    hp = make().update_from_strings(["lr=0.001", "filters=[4, 8]", "flag=true", "latent_dim=7", "loss=b"])
    assert (hp.lr, hp.filters, hp.flag, hp.latent_dim, hp.loss) == (0.001, [4, 8], True, 7, "b")
    with pytest.raises(ValueError, match="expects a int"):
        make().update_from_strings(["latent_dim=abc"])
    with pytest.raises(ValueError, match="key=value"):
        make().update_from_strings(["lr"])


def test_immutable():
    with pytest.raises(AttributeError):
        make().lr = 3
