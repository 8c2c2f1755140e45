package io.zkrpc.demo.provider;

import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.zkrpc.core.annotation.RpcService;
import io.zkrpc.demo.api.User;
import io.zkrpc.demo.api.UserNotFoundException;
import io.zkrpc.demo.api.UserService;

@RpcService
public class UserServiceImpl implements UserService {

    private static final List<String> NAMES = List.of("ada", "grace", "linus");
    private static final LocalDateTime CREATED = LocalDateTime.of(2026, 1, 1, 9, 30);

    private final InstanceName instance;

    public UserServiceImpl(InstanceName instance) {
        this.instance = instance;
    }

    @Override
    public User find(int id) {
        if (id < 1 || id > NAMES.size()) {
            throw new UserNotFoundException("No user with id " + id);
        }
        String name = NAMES.get(id - 1);
        return new User(id, name, name + "@example.com", CREATED.plusDays(id), instance.get());
    }

    @Override
    public User find(String name) {
        int index = NAMES.indexOf(name);
        if (index < 0) {
            throw new UserNotFoundException("No user named " + name);
        }
        return find(index + 1);
    }

    @Override
    public List<User> findAll() {
        return List.of(find(1), find(2), find(3));
    }

    @Override
    public Map<String, User> byName(List<Integer> ids) {
        Map<String, User> users = new LinkedHashMap<>();
        for (int id : ids) {
            if (id >= 1 && id <= NAMES.size()) {
                User user = find(id);
                users.put(user.name(), user);
            }
        }
        return users;
    }
}
