"""Popliteal fossa and gait: the data files, their validation, and the pure functions."""

from __future__ import annotations

import math
import shutil

import pandas as pd
import pytest

from kneelib import anatomy
from kneelib.content import validate_paths
from kneelib.content.anatomy import load_gait_curve, load_gait_phases, load_structures
from kneelib.content.base import ContentError, data_dir

# ------------------------------------------------------------------ structures table


def test_structures_table_is_a_dataframe_with_one_row_per_structure():
    table = anatomy.structures_table()
    assert isinstance(table, pd.DataFrame)
    assert len(table) == len(load_structures()) == 19


def test_structures_table_columns():
    assert list(anatomy.structures_table().columns) == [
        "id",
        "name",
        "layer",
        "region",
        "depth",
        "description",
        "relevance",
        "references",
    ]


@pytest.mark.parametrize(
    "structure_id",
    [
        "semimembranosus",
        "semitendinosus",
        "biceps-femoris",
        "gastrocnemius-medial-head",
        "gastrocnemius-lateral-head",
        "plantaris",
    ],
)
def test_every_boundary_of_the_fossa_is_a_boundary(structure_id):
    assert anatomy.get_structure(structure_id).layer == "boundary"


@pytest.mark.parametrize(
    "structure_id",
    [
        "tibial-nerve",
        "popliteal-vein",
        "popliteal-artery",
        "common-fibular-nerve",
        "small-saphenous-vein",
        "popliteal-lymph-nodes",
    ],
)
def test_every_listed_content_is_a_content(structure_id):
    assert anatomy.get_structure(structure_id).layer == "content"


def test_roof_floor_joint_and_bursa_layers_are_present():
    layers = anatomy.structures_table().groupby("layer")["id"].apply(sorted).to_dict()
    assert layers["roof"] == ["popliteal-fascia"]
    assert layers["floor"] == ["popliteal-surface-femur", "popliteus", "posterior-capsule"]
    assert layers["joint"] == ["posterior-horn-lateral-meniscus", "posterior-horn-medial-meniscus"]
    assert layers["bursa"] == ["gastrocnemius-semimembranosus-bursa"]


def test_central_bundle_runs_nerve_vein_artery_from_superficial_to_deep():
    table = anatomy.structures_table().dropna(subset=["depth"]).sort_values("depth")
    assert list(table["id"]) == ["tibial-nerve", "popliteal-vein", "popliteal-artery"]


def test_every_structure_has_at_least_one_reference():
    assert all(s.references for s in load_structures())


# ------------------------------------------------------------------ get_structure


def test_get_structure_by_name_ignores_case_and_spacing():
    assert anatomy.get_structure("  tibial   NERVE ").id == "tibial-nerve"


def test_get_structure_by_id():
    assert (
        anatomy.get_structure("gastrocnemius-semimembranosus-bursa").name
        == "Gastrocnemius-semimembranosus bursa"
    )


def test_unknown_structure_error_names_the_valid_ones():
    with pytest.raises(anatomy.UnknownStructureError) as info:
        anatomy.get_structure("femoral nerve")
    message = str(info.value)
    assert message.startswith(
        "No structure called 'femoral nerve'. Expected one of: 'Semimembranosus', 'Semitendinosus', "
    )
    assert "'Tibial nerve'" in message and message.endswith("'Popliteal lymph nodes'.")


def test_unknown_structure_error_is_a_value_error():
    assert issubclass(anatomy.UnknownStructureError, ValueError)


def test_get_structure_refuses_a_number():
    with pytest.raises(
        TypeError, match=r"^get_structure: expected a structure name \(text\), found int$"
    ):
        anatomy.get_structure(3)


# ------------------------------------------------------------------ gait curve


def test_gait_curve_covers_the_whole_cycle_every_two_percent():
    assert load_gait_curve().percents == tuple(float(p) for p in range(0, 101, 2))


@pytest.mark.parametrize(
    "percent, mean, sd",
    [
        (0, 5.5537, 5.6551),
        (12, 19.2943, 6.3131),
        (40, 6.2398, 5.7419),
        (72, 59.1317, 5.8779),
        (100, 5.3718, 5.6133),
    ],
)
def test_gait_curve_holds_the_published_values(percent, mean, sd):
    curve = load_gait_curve()
    i = curve.percents.index(percent)
    assert (curve.means[i], curve.sds[i]) == (mean, sd)


def test_stance_swing_split_is_where_perry_puts_toe_off():
    assert anatomy.stance_swing_split() == 62


def test_phases_are_contiguous_from_0_to_100():
    phases = load_gait_phases().phases
    assert [(p.start, p.end) for p in phases] == [
        (0, 12),
        (12, 31),
        (31, 50),
        (50, 62),
        (62, 75),
        (75, 87),
        (87, 100),
    ]


def test_stance_phases_come_before_swing_phases():
    assert [p.period for p in load_gait_phases().phases] == ["stance"] * 4 + ["swing"] * 3


def test_curve_landmarks_read_off_the_published_points():
    assert anatomy.curve_landmarks() == {
        "initial_contact": (0.0, 5.5537),
        "loading_peak": (12.0, 19.2943),
        "stance_minimum": (40.0, 6.2398),
        "toe_off": (62.0, 40.1917),
        "swing_peak": (72.0, 59.1317),
    }


# ------------------------------------------------------------------ phase_at / loads_at


@pytest.mark.parametrize(
    "percent, phase_id",
    [
        (0, "loading-response"),
        (11.9, "loading-response"),
        (12, "mid-stance"),
        (49.99, "terminal-stance"),
        (62, "initial-swing"),
        (87, "terminal-swing"),
        (100, "terminal-swing"),
    ],
)
def test_phase_at_boundaries_belong_to_the_phase_that_starts_there(percent, phase_id):
    assert anatomy.phase_at(percent).id == phase_id


def test_phase_at_outside_the_cycle_is_refused():
    with pytest.raises(
        ValueError,
        match=r"^phase_at: expected a percentage of the gait cycle from 0 to 100, found 101$",
    ):
        anatomy.phase_at(101)


def test_loads_at_terminal_stance_name_the_gastrocnemius_first():
    loads = anatomy.loads_at(40)
    assert [(ld.structure_id, ld.effect) for ld in loads][:2] == [
        ("gastrocnemius-medial-head", "active"),
        ("gastrocnemius-lateral-head", "active"),
    ]


def test_loads_at_carry_the_structure_name_and_references():
    first = anatomy.loads_at(5)[0]
    assert (first.name, first.references) == (
        "Posterior horn of the medial meniscus",
        ("sasaki-neptune-2010", "walker-erkman-1975"),
    )


def test_swing_unloads_the_menisci():
    assert [
        ld.effect for ld in anatomy.loads_at(70) if ld.structure_id.startswith("posterior-horn")
    ] == ["unloaded"]


# ------------------------------------------------------------------ gait_state / angle_at / clamp


def test_gait_state_at_a_published_point_is_exact():
    state = anatomy.gait_state(40)
    assert (state.angle_deg, state.sd_deg, state.exact, state.phase_id, state.period) == (
        6.2398,
        5.7419,
        True,
        "terminal-stance",
        "stance",
    )


def test_gait_state_between_points_interpolates():
    state = anatomy.gait_state(41)
    assert state.exact is False
    assert state.angle_deg == pytest.approx((6.2398 + 6.2796) / 2)


def test_gait_state_references_start_with_the_curve_source():
    assert anatomy.gait_state(72).references[:2] == ("schwartz-2008", "perry-burnfield-2010")


def test_angle_never_leaves_the_data_anywhere_in_the_cycle():
    curve = load_gait_curve()
    low, high = min(curve.means), max(curve.means)
    angles = [anatomy.angle_at(k / 4)[0] for k in range(0, 401)]
    assert all(low <= a <= high for a in angles)


def test_gait_state_outside_the_cycle_is_refused():
    with pytest.raises(
        ValueError,
        match=r"^gait_state: expected a percentage of the gait cycle from 0 to 100, found -1$",
    ):
        anatomy.gait_state(-1)


@pytest.mark.parametrize("raw, expected", [(-5, 0.0), (150, 100.0), (37.5, 37.5)])
def test_clamp_percent_keeps_values_inside_the_curve(raw, expected):
    assert anatomy.clamp_percent(raw) == expected


def test_clamp_percent_refuses_text():
    with pytest.raises(
        TypeError,
        match=r"^clamp_percent: expected a percentage of the gait cycle \(a number\), found str$",
    ):
        anatomy.clamp_percent("40")


def test_clamp_percent_refuses_a_boolean():
    with pytest.raises(TypeError, match=r"found bool$"):
        anatomy.clamp_percent(True)


def test_clamp_percent_refuses_nan():
    with pytest.raises(
        ValueError, match=r"^clamp_percent: expected a percentage of the gait cycle, found NaN$"
    ):
        anatomy.clamp_percent(math.nan)


def test_five_seed_causes_each_with_references():
    causes = anatomy.causes()
    assert [c.id for c in causes] == [
        "bakers-cyst",
        "hamstring-tendinopathy",
        "gastrocnemius-tendinopathy",
        "meniscal-tear",
        "osteoarthritis",
    ]
    assert all(c.references for c in causes)


def test_matching_pairs_give_name_and_layer():
    assert anatomy.matching_pairs()[0] == ("Semimembranosus", "boundary")


# ------------------------------------------------------------------ validation of the files


def test_the_anatomy_files_are_valid():
    folder = data_dir() / "anatomy"
    assert (
        validate_paths(
            [
                folder / "structures.yaml",
                folder / "gait_knee_flexion.csv",
                folder / "gait_phase_loads.yaml",
            ]
        )
        == []
    )


@pytest.fixture
def anatomy_copy(tmp_path):
    """A copy of data/anatomy to spoil, one mistake per test."""
    folder = tmp_path / "anatomy"
    shutil.copytree(data_dir() / "anatomy", folder)
    return folder


def _problems(path):
    return [str(p) for p in validate_paths([path])]


def test_a_gap_between_phases_is_reported(anatomy_copy):
    path = anatomy_copy / "gait_phase_loads.yaml"
    path.write_text(path.read_text().replace("    start: 12\n", "    start: 13\n"))
    assert any(
        p.endswith(
            "mid-stance: start: expected 12 (where 'loading-response' ends), found 13 (a gap)"
        )
        for p in _problems(path)
    )


def test_a_load_on_an_unknown_structure_is_reported(anatomy_copy):
    path = anatomy_copy / "gait_phase_loads.yaml"
    path.write_text(
        path.read_text().replace("- structure: biceps-femoris", "- structure: biceps-femur", 1)
    )
    assert any(
        p.endswith(
            "terminal-swing: loads.#1.structure: expected a structure id from anatomy/structures.yaml, found 'biceps-femur'"
        )
        for p in _problems(path)
    )


def test_a_curve_that_stops_before_100_is_reported(anatomy_copy):
    path = anatomy_copy / "gait_knee_flexion.csv"
    path.write_text("".join(path.read_text().splitlines(keepends=True)[:-1]))
    assert any(
        p.endswith("percent_cycle: expected the curve to run from 0 to 100, found 0 to 98")
        for p in _problems(path)
    )


def test_a_curve_cell_that_is_not_a_number_is_reported(anatomy_copy):
    path = anatomy_copy / "gait_knee_flexion.csv"
    path.write_text(path.read_text().replace("40,6.2398,", "40,six,"))
    assert any(
        p.endswith("line 22: flexion_mean_deg: expected a number, found 'six'")
        for p in _problems(path)
    )


def test_a_line_with_one_point_is_reported(anatomy_copy):
    path = anatomy_copy / "structures.yaml"
    path.write_text(
        path.read_text().replace(
            "draw: {kind: line, points: [[0.56, 0.02], [0.38, -0.60], [0.08, -1.25]], width: 3}",
            "draw: {kind: line, points: [[0.56, 0.02]], width: 3}",
        )
    )
    assert any(
        p.endswith("plantaris: draw.points: expected at least 2 points for a line, found 1")
        for p in _problems(path)
    )


def test_a_depth_on_a_boundary_is_reported(anatomy_copy):
    path = anatomy_copy / "structures.yaml"
    path.write_text(
        path.read_text().replace(
            "    region: superolateral boundary\n",
            "    region: superolateral boundary\n    depth: 4\n",
        )
    )
    assert any(
        p.endswith(
            "biceps-femoris: depth: expected no depth (depth is for contents of the fossa), found depth 4 on a boundary"
        )
        for p in _problems(path)
    )


def test_loading_a_broken_file_raises_content_error(anatomy_copy):
    from kneelib.content.anatomy import load_gait_phases as load

    path = anatomy_copy / "gait_phase_loads.yaml"
    path.write_text(path.read_text().replace("    end: 100\n", "    end: 99\n"))
    with pytest.raises(
        ContentError, match=r"terminal-swing: end: expected the last phase to end at 100, found 99"
    ):
        load(path)


# ------------------------------------------------------------------ identify the structure


def test_identification_order_is_stable_for_a_key():
    assert anatomy.identification_order("notebook-01") == anatomy.identification_order(
        "notebook-01"
    )


def test_identification_order_covers_every_structure_once():
    assert sorted(anatomy.identification_order("any key")) == sorted(
        s.id for s in load_structures()
    )


def test_identification_order_starts_with_the_small_saphenous_vein_for_the_notebook_key():
    assert anatomy.identification_order("notebook-01")[:2] == ("small-saphenous-vein", "popliteus")


def test_right_answer_is_correct_and_describes_the_structure():
    result = anatomy.check_identification("tibial-nerve", "Tibial nerve")
    assert (result.correct, result.revealed) == (True, True)
    assert result.message.startswith(
        "It is the Tibial nerve (layer: content). The larger branch of the sciatic nerve."
    )


def test_first_wrong_answer_gets_a_hint_not_the_answer():
    result = anatomy.check_identification("plantaris", "Popliteal vein")
    assert (result.correct, result.revealed) == (False, False)
    assert result.message == (
        "It is not the Popliteal vein. Hint: the highlighted structure belongs to the boundary layer, "
        "inferolateral boundary. Try again."
    )


def test_second_wrong_answer_reveals_the_structure():
    result = anatomy.check_identification("plantaris", "Popliteal vein", attempt=2)
    assert (result.correct, result.revealed) == (False, True)
    assert result.message.startswith(
        "It is not the Popliteal vein: it is the Plantaris (layer: boundary)."
    )


def test_no_answer_asks_for_a_choice():
    with pytest.raises(ValueError, match=r"^Choose a structure from the list first\.$"):
        anatomy.check_identification("plantaris", None)


def test_an_answer_that_is_not_a_structure_names_the_valid_ones():
    with pytest.raises(
        anatomy.UnknownStructureError, match=r"^No structure called 'kneecap'\. Expected one of: "
    ):
        anatomy.check_identification("plantaris", "kneecap")
