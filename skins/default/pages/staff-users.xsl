<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Every account, and the form to add a staff member or admin. -->
  <xsl:template match="content" mode="page">
    <h1>People</h1>
    <table class="list">
      <thead><tr><th scope="col">Name</th><th scope="col">E-mail</th><th scope="col">Role</th><th scope="col">Client</th><th scope="col">Last sign-in</th></tr></thead>
      <tbody>
        <xsl:for-each select="users/user">
          <tr>
            <xsl:if test="active = '0'"><xsl:attribute name="class">inactive</xsl:attribute></xsl:if>
            <td><span class="person"><xsl:call-template name="avatar"><xsl:with-param name="name" select="name"/></xsl:call-template><a href="{$base}/staff/users/{id}"><xsl:value-of select="name"/></a></span>
              <xsl:if test="active = '0'"> (inactive)</xsl:if></td>
            <td><xsl:value-of select="email"/></td>
            <td><xsl:value-of select="role"/></td>
            <td><xsl:value-of select="client"/></td>
            <td><xsl:choose><xsl:when test="last_login_at"><xsl:value-of select="last_login_at"/></xsl:when><xsl:otherwise>never</xsl:otherwise></xsl:choose></td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
    <h2>Add a staff member</h2>
    <form method="post" action="{$base}/staff/users" class="stack">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="field">
        <xsl:with-param name="name">email</xsl:with-param>
        <xsl:with-param name="label">E-mail</xsl:with-param>
        <xsl:with-param name="type">email</xsl:with-param>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="name">name</xsl:with-param>
        <xsl:with-param name="label">Name</xsl:with-param>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <div class="field">
        <label for="f-role">Role</label>
        <select id="f-role" name="role">
          <option value="staff">Staff</option>
          <option value="admin">Admin</option>
        </select>
      </div>
      <p><button type="submit" class="primary">Add and send a sign-in link</button></p>
    </form>
  </xsl:template>
</xsl:stylesheet>
