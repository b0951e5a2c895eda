#!/usr/bin/env python3
"""Writes fixtures/line/*.expected.json: the clean records (docs/SOCIAL.md) each LINE result fixture must parse into.

An implementation of docs/LINE_DEVICE.md "RetBody mapping" independent of callback-service's LineRetBody, so the
Java codec is checked against a second reading of the table. Run from the repository root:
    python3 simulators/scripts/line-expected-parses.py
Review the diff before committing: these files are the expectation, not an output to accept blindly.
"""
import json
import os

DIR = "simulators/src/main/resources/fixtures/line/"
RESULTS = {  # fixture -> callback action
    "add-friend.json": "AddFriend", "add-friend-failure.json": "AddFriend", "friend-list.json": "GetFriendList",
    "create-group.json": "CreateGroup", "create-group-link-info.json": "CreateGroup",
    "group-info.json": "GetGroupInfo", "group-list.json": "GetGroupList", "sync-contacts.json": "SyncContacts",
    "invite-friends-to-group.json": "InviteFriendsToGroup", "quit-group.json": "QuitGroup",
    "send-message-text.json": "SendMessage", "send-message-image.json": "SendMessage",
    "send-message-failure.json": "SendMessage",
}


def get(node, name):
    """Case-insensitive field; None when absent or when __isset marks it false."""
    if not isinstance(node, dict):
        return None
    isset = {k.lower(): v for k, v in node.get("__isset", {}).items()}
    if isset.get(name.lower()) is False:
        return None
    for k, v in node.items():
        if k.lower() == name.lower():
            return v
    return None


def data_items(m):
    return [(k, v) for k, v in m.items() if not k.startswith("__")]


def empty_none(s):
    return None if s == "" else s


def contact(user_id, user, phone=None, abperson=None, un11=None):
    c = {"userId": user_id, "userName": get(user, "UserName"), "phone": phone, "avatarUrl": None,
         "previewParm": empty_none(get(user, "PreviewParm")), "un2": get(user, "Un2"),
         "un11": get(user, "Un11") if get(user, "Un11") is not None else un11, "relation": "friend"}
    if abperson is not None:
        c["abperson"] = abperson
    return c


def parse(action, body):
    dc = body.get("dc_data") or {}
    ret = dc.get("Ret")
    success = body.get("success", True) is not False
    out = {"serialNo": body["serial_no"], "success": success, "message": body.get("message"), "ret": ret,
           "retMsg": dc.get("RetMsg"), "funName": dc.get("funName"),
           "failed": (not success) or (ret is not None and ret != 0)}
    if out["failed"] or action in ("InviteFriendsToGroup", "QuitGroup"):
        return out
    if action == "SendMessage":  # 10007: the result is data, not a RetBody
        data = body.get("data") or {}
        info = data.get("group_info")
        out["sent"] = {"msgNum": data.get("msg_num"), "queueCount": data.get("queueCount"),
                       "groupInfo": None if info is None else {
                           "groupId": info["group_id"], "groupKey": info.get("group_key"),
                           "groupTagB": info.get("group_tag_b"), "ownerUserId": info.get("owner_user_id"),
                           "ownerTagB": info.get("owner_tag_b")}}
        return out
    parm = get(json.loads(dc["RetBody"]), "Parm")
    if action in ("AddFriend", "GetFriendList"):
        out["contacts"] = [contact(get(e, "User").get("UserId") or k, get(e, "User"))
                           for k, e in data_items(get(parm, "ContactsData"))]
    elif action == "SyncContacts":
        out["contacts"] = [contact(get(e, "UserRegInfo")["UserId"], get(e, "UserRegInfo"),
                                   get(e, "PhoneNumber") or k, get(e, "Abperson"), get(e, "Un11"))
                           for k, e in data_items(parm)]
    else:
        info = (body.get("data") or {}).get("group_info")
        infos = {i["group_id"]: i for i in (info if isinstance(info, list) else [info] if info else [])}
        groups = []
        for chat in get(parm, "Chats"):
            p = get(get(chat, "Data"), "Parm")
            members = [{"userId": k, "joinTime": v} for k, v in data_items(get(p, "MemberJoinTime"))]
            link = infos.get(chat["GroupId"], {})
            groups.append({"groupId": chat["GroupId"], "groupName": get(chat, "GroupName"),
                           "groupKey": link.get("group_key"), "groupTagB": link.get("group_tag_b"),
                           "ownerUserId": get(p, "OwnerUserId"), "ownerTagB": link.get("owner_tag_b"),
                           "createTime": get(chat, "CreateTime"), "strData": empty_none(get(chat, "StrData")),
                           "notice": None, "memberCount": len(members), "members": members})
        out["groups"] = groups
    return out


for name, action in RESULTS.items():
    with open(os.path.join(DIR, name), encoding="utf-8") as f:
        body = json.load(f)
    expected = {"action": action, "parse": parse(action, body)}
    target = os.path.join(DIR, name.replace(".json", ".expected.json"))
    with open(target, "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print("wrote", target)
