package io.zkrpc.demo.api;

import java.util.List;
import java.util.Map;

/** Users of the demo. */
public interface UserService {

    /**
     * @throws UserNotFoundException when there is no user {@code id}
     */
    User find(int id);

    /** An overload of {@link #find(int)}: the user named {@code name}. */
    User find(String name);

    List<User> findAll();

    /** The users with those ids, by name; unknown ids are left out. */
    Map<String, User> byName(List<Integer> ids);
}
